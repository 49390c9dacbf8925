"""File ▸ Connect to server…: where a shared workspace lives on a PostgreSQL server."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

HELP = (
    "A workspace shared by a team lives in a PostgreSQL database. The server's address, the database "
    "and your user name are remembered; the password only if you ask, and then in the OS keyring, "
    "never in fundtracker's settings."
)


class ServerDialog(QDialog):
    """Host, port, database, user and password of a workspace on a PostgreSQL server."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to server")
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setPlaceholderText("fundtracker")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from the keyring, ~/.pgpass or PGPASSWORD when empty")
        self.remember = QCheckBox("&Remember the password (in the OS keyring)")
        for widget, name in (
            (self.host, "Server host"),
            (self.port, "Server port"),
            (self.database, "Database"),
            (self.user, "User name"),
            (self.password, "Password"),
        ):
            widget.setAccessibleName(name)
            widget.setToolTip(name)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828; font-weight: 600;")
        self.message.setAccessibleName("Problem")
        help_label = QLabel(HELP)
        help_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Connect")
        self.buttons.accepted.connect(self._accept_if_complete)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(help_label)
        layout.addRow("&Host:", self.host)
        layout.addRow("P&ort:", self.port)
        layout.addRow("&Database:", self.database)
        layout.addRow("&User:", self.user)
        layout.addRow("&Password:", self.password)
        layout.addRow(self.remember)
        layout.addRow(self.message)
        layout.addRow(self.buttons)
        self.setMinimumWidth(480)

    def _accept_if_complete(self) -> None:
        missing = [
            name for name, editor in (("host", self.host), ("database", self.database)) if not editor.text().strip()
        ]
        if missing:
            self.message.setText(f"Fill in the {' and the '.join(missing)}.")
            return
        self.accept()

    def url(self) -> str:
        """``postgresql://user:password@host:port/database`` (the password only when typed)."""
        from sqlalchemy.engine import URL

        url = URL.create(
            "postgresql",
            username=self.user.text().strip() or None,
            password=self.password.text() or None,
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
        )
        return url.render_as_string(hide_password=False)


def password_note(where: str) -> str:
    """The status-bar note after "remember password": where it went (``remember_password``'s answer)."""
    if where == "none given":
        return "No password typed: the server's password comes from ~/.pgpass or PGPASSWORD"
    if where.startswith("not stored"):
        return f"Password {where}"
    return f"Password saved in {where}"
