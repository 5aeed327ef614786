"""Demo data: a fictional city of customers, accounts, meters and bills, the same for a seed."""
