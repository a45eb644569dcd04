"""The old choices table, emptied by 0005, goes, and the new one takes its name (a migration
of its own: PostgreSQL will not drop a table in the transaction that deleted rows its
constraints still have to check)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("budgeting", "0004_process_currency"), ("voting", "0005_ballot_box")]

    operations = [
        migrations.DeleteModel(name="BallotChoice"),
        migrations.RenameModel(old_name="NewBallotChoice", new_name="BallotChoice"),
        migrations.AlterField(
            model_name="ballotchoice", name="ballot",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                    related_name="choices", to="voting.ballot"),
        ),
        migrations.AlterField(
            model_name="ballotchoice", name="project",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="choices", to="budgeting.project"),
        ),
    ]
