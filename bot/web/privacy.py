"""GET /confidentialite: the privacy notice, in French, for candidates."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

__all__ = ["router"]

router = APIRouter(tags=["privacy"])

NOTICE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confidentialité — Assistant des métiers de l'autonomie</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto;
  padding: 0 1rem; line-height: 1.55; color: #1a1a1a; }}
h1 {{ font-size: 1.6rem; }} h2 {{ font-size: 1.2rem; margin-top: 1.8rem; }}
</style>
</head>
<body>
<main>
<h1>Vos données et l'assistant</h1>
<p>L'assistant des plateformes des métiers de l'autonomie vous aide à découvrir
les métiers du soin et de l'accompagnement, à trouver un événement près de chez
vous et à parler à un conseiller. Voici ce qu'il garde sur vous, pourquoi, et
comment le faire effacer.</p>

<h2>Ce que nous gardons</h2>
<ul>
<li>votre conversation avec l'assistant ;</li>
<li>votre commune (et son code postal, son département) ;</li>
<li>vos contraintes : permis, véhicule, transports, enfants à faire garder,
  reconnaissance de handicap (RQTH) si vous la mentionnez ;</li>
<li>vos diplômes et les métiers qui vous intéressent ;</li>
<li>vos inscriptions à des événements et vos demandes d'immersion.</li>
</ul>
<p>Ces données sont gardées <strong>{months} mois</strong> après votre dernier
message, puis effacées automatiquement.</p>

<h2>Pourquoi</h2>
<p>Pour vous proposer les métiers, formations, aides et événements adaptés à
votre situation, pour vous inscrire aux événements et transmettre votre demande
à un conseiller de la plateforme de votre département. Les statistiques de
pilotage sont faites sur des données pseudonymisées. Nous ne vendons ni ne
cédons vos données.</p>

<h2>Sur quelle base</h2>
<p>Votre <strong>consentement</strong>, demandé par l'assistant avant de garder
le moindre renseignement personnel. Vous pouvez le retirer à tout moment ; sans
consentement, l'assistant répond à vos questions sans rien garder sur vous.</p>

<h2>Vos droits</h2>
<p>Vous pouvez accéder à vos données, les faire corriger ou effacer, vous
opposer à leur utilisation, demander leur portabilité et retirer votre
consentement. Vous pouvez aussi saisir la CNIL (www.cnil.fr).</p>

<h2>Effacer vos données</h2>
<ul>
<li>écrivez <strong>« supprimer mes données »</strong> à l'assistant : après
  confirmation, tout ce qui vous concerne est effacé ;</li>
<li>ou contactez la plateforme des métiers de l'autonomie de votre département.</li>
</ul>
<p>Pour ne plus recevoir de messages, écrivez <strong>STOP</strong>.</p>
</main>
</body>
</html>
"""


@router.get("/confidentialite", response_class=HTMLResponse, include_in_schema=False)
def privacy_notice(request: Request) -> HTMLResponse:
    months = getattr(request.app.state.settings, "retention_months", 24)
    return HTMLResponse(NOTICE.format(months=int(months)))
