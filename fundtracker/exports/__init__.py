"""Documents made from a workspace: the PDF grant application, the Excel budget."""
