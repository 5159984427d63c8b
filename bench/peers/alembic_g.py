"""Alembic peer for liteform benchmark (g): the same change as bench/schema-edit.mjs makes to `items`
(`name` loses NOT NULL, `qty`'s DEFAULT goes from 0 to 1), written as an Alembic user writes it on
SQLite: op.batch_alter_table, which copies the table into a new one and moves it into place.

    python3 alembic_g.py setup DIR     writes an Alembic environment (alembic.ini, env.py, one revision) in DIR

The benchmark then times, in a child process, what a user runs:

    LITEFORM_ALEMBIC_DB=/path/to.db python3 -m alembic -c DIR/alembic.ini upgrade head

Not installed with liteform: needs `import alembic, sqlalchemy` (see bench/README.md, "Peers").
"""
import os
import sys

INI = """[alembic]
script_location = {dir}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)s %(name)s %(message)s
"""

ENV = '''import os
from alembic import context
from sqlalchemy import create_engine

engine = create_engine("sqlite:///" + os.environ["LITEFORM_ALEMBIC_DB"])
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
'''

REVISION = '''"""liteform bench (g): name loses NOT NULL, qty DEFAULT 0 -> 1"""
from alembic import op
import sqlalchemy as sa

revision = "0001_g"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("items") as batch:
        batch.alter_column("name", existing_type=sa.Text(), nullable=True)
        batch.alter_column("qty", existing_type=sa.Integer(), existing_nullable=True, server_default=sa.text("1"))


def downgrade():
    with op.batch_alter_table("items") as batch:
        batch.alter_column("qty", existing_type=sa.Integer(), existing_nullable=True, server_default=sa.text("0"))
        batch.alter_column("name", existing_type=sa.Text(), nullable=False)
'''


def setup(directory):
    os.makedirs(os.path.join(directory, "versions"), exist_ok=True)
    with open(os.path.join(directory, "alembic.ini"), "w") as f:
        f.write(INI.format(dir=directory))
    with open(os.path.join(directory, "env.py"), "w") as f:
        f.write(ENV)
    with open(os.path.join(directory, "versions", "0001_g.py"), "w") as f:
        f.write(REVISION)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "setup":
        sys.exit("usage: alembic_g.py setup DIR")
    setup(os.path.abspath(sys.argv[2]))
