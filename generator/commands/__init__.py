"""Commands: one module per `handbook` command, listed in generator/registry.py (which says what a command
module declares); they orchestrate and decide exit codes.  arguments.py and common.py are what
the commands share; cycle.py, settings.py and word.py hold the work of commands that come in
pairs (sign and due, new-setting and resolve, export and import --update)."""
