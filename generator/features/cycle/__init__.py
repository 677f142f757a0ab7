"""The office's year with the handbook: who counts as a new starter (starters), what each
person must re-read since the version they signed (resign), recording signatures from the
command line or a CSV sign-in sheet (signing), and the list of what falls due (due).

Personal data: everything here that names people goes to build/private/ only."""
