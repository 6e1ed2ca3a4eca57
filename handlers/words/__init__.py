"""The words of the app: explicit tables from a rule's code and facts to what a person reads."""
