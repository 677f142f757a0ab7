"""Commands: one module per `handbook` command; they orchestrate and decide exit codes."""
