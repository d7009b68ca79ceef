"""`coach score` on an answer that is not in English: a warning, no score."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import invoke

SPANISH = (
    "El objetivo es reducir las pérdidas por fraude sin bloquear a los buenos clientes. "
    "Tratamos el problema como una clasificación binaria y medimos PR-AUC con las etiquetas "
    "de los contracargos, que llegan hasta sesenta días después, y una prueba A/B.\n"
)


def test_score_json_has_no_score_and_says_why(tmp_path: Path) -> None:
    answer = tmp_path / "respuesta.md"
    answer.write_text(SPANISH, encoding="utf-8")
    result = invoke("score", str(answer), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["score"] is None and data["verdict"] == "not graded"
    assert "English" in data["warning"] and data["findings"] == []


def test_score_text_shows_the_warning_instead_of_a_report(tmp_path: Path) -> None:
    answer = tmp_path / "respuesta.md"
    answer.write_text(SPANISH, encoding="utf-8")
    result = invoke("score", str(answer), "--format", "concise")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"{answer}:1:1: warning: This answer does not look like English"
    )
    text = invoke("score", str(answer))
    assert "Score" not in text.stdout and "English" in " ".join(text.stdout.split())
