"""Staff records (personal data): who has signed what and who is due for training."""
