"""The one reader of La Poste's postal-code file, for the NLU's communes and the platform's seed."""

from __future__ import annotations

from pathlib import Path

from vocab.laposte import PostalRow, read_laposte

_HEADER = (
    "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps\n"
)


def test_rows_are_read_with_their_coordinates_and_locality(tmp_path: Path) -> None:
    path = tmp_path / "laposte.csv"
    path.write_text(
        _HEADER
        + "59178;DOUAI;59500;FRAIS MARAIS;DOUAI;50.3823195335,3.09145683114\n"
        + " 33281 ; MERIGNAC ;33700;;MERIGNAC;\n"
        + "truncated;row\n",
        encoding="utf-8",
    )
    assert list(read_laposte(path)) == [
        PostalRow("59178", "DOUAI", "59500", "FRAIS MARAIS", 50.3823195335, 3.09145683114),
        PostalRow("33281", "MERIGNAC", "33700", "", None, None),
    ]
