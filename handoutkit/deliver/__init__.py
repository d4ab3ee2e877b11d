"""Delivery: printing (CUPS), email (SMTP or a draft) and the delivery log."""
