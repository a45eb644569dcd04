import uuid

from django.core.validators import MaxValueValidator
from django.db import models

from budgeting.models import Process


class SealedAnswers(models.Model):
    """One voter's answers, sealed, waiting to be counted. A random key, no date, and nothing
    about who sent them; deleted when the worker opens them (voting.monitoring.counting)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    key_id = models.CharField(max_length=16)
    sealed = models.BinaryField()

    class Meta:
        app_label = "voting"

    def __str__(self) -> str:
        return f"sealed answers for {self.process}"


class AnswerCount(models.Model):
    """How many voters in a round gave an answer to a question: all that is kept of them."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE,
                                related_name="answer_counts")
    question = models.CharField(max_length=20)
    answer = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "voting"
        constraints = [models.UniqueConstraint(fields=["process", "question", "answer"],
                                               name="one_count_per_answer")]

    def __str__(self) -> str:
        return f"{self.question}={self.answer}: {self.count}"


class AreaShare(models.Model):
    """The area's own census figure for an answer, as staff entered it, to compare with."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="area_shares")
    question = models.CharField(max_length=20)
    answer = models.CharField(max_length=40)
    percent = models.DecimalField(max_digits=5, decimal_places=1,
                                  validators=[MaxValueValidator(100)])

    class Meta:
        app_label = "voting"
        constraints = [models.UniqueConstraint(fields=["process", "question", "answer"],
                                               name="one_area_share_per_answer")]

    def __str__(self) -> str:
        return f"{self.question}={self.answer}: {self.percent}%"
