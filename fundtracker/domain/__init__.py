"""Pure-Python core: money, months, records and validation. No Qt, no SQL."""
