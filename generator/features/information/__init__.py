"""Records and information: the retention schedule and the FOI publication scheme."""
