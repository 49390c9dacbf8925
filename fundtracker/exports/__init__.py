"""Documents made from a workspace: PDF applications, Excel budgets, actuals import."""
