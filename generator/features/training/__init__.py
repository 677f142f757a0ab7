"""The annual September training pack: its data (model), what changed since last September
(changes), who is due for training (schedule) and which reviews fall near the session
(calendar).  Rendering is in render.py, checks in check.py."""
