from django.db import migrations, models


class Migration(migrations.Migration):
    """Envelopes set up before this keep the fixed order their voters may already have seen;
    new envelopes shuffle."""

    dependencies = [
        ('voting', '0009_paper_integrity'),
    ]

    operations = [
        migrations.AddField(
            model_name='ballotrules',
            name='random_order',
            field=models.BooleanField(default=False, verbose_name='projects in a random order for each voter'),
        ),
        migrations.AlterField(
            model_name='ballotrules',
            name='random_order',
            field=models.BooleanField(default=True, verbose_name='projects in a random order for each voter'),
        ),
    ]
