"""The codes of what the public edition's checks report."""

from generator.core.findings import Code

NOT_PUBLISHABLE = Code(
    "public.not-publishable", "warning", "a policy marked public: whole is left out of the public edition"
)
