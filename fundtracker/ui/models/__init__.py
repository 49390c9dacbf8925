"""Table models (QAbstractTableModel) over workspace records; no widgets."""
