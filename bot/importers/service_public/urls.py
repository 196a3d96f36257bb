"""Link policy: entries keep https links only; http is upgraded for public hosts that serve https."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# Public hosts known to serve https: an http:// link to one of them is upgraded, any other
# http:// link is dropped (links must be https) and counted.
_GOV_SUFFIXES = (
    ".gouv.fr", ".service-public.fr", ".europa.eu", ".legifrance.gouv.fr",
)
_GOV_HOSTS = {
    "service-public.fr", "legifrance.gouv.fr", "europa.eu",
    "ameli.fr", "caf.fr", "msa.fr", "pole-emploi.fr", "pole-emploi.org", "bo-pole-emploi.org",
    "urssaf.fr", "pajemploi.urssaf.fr", "net-particulier.fr", "cesu.urssaf.fr",
    "lassuranceretraite.fr", "info-retraite.fr", "agirc-arrco.fr", "cleiss.fr",
    "cnil.fr", "banque-france.fr", "anah.fr", "onisep.fr", "cidj.com", "education.fr",
    "assemblee-nationale.fr", "senat.fr", "conseil-etat.fr", "conseil-constitutionnel.fr",
    "courdecassation.fr", "defenseurdesdroits.fr", "vie-publique.fr", "paris.fr",
    "notaires.fr", "avocat.fr", "cnb.avocat.fr", "medecin.fr", "ants.gouv.fr",
    "francetravail.fr", "mesdroitssociaux.gouv.fr", "impots.gouv.fr", "interieur.gouv.fr",
}


def _is_gov_host(host: str) -> bool:
    host = host.lower().removeprefix("www.")
    return host in _GOV_HOSTS or host.endswith(_GOV_SUFFIXES) or any(
        host.endswith("." + known) for known in _GOV_HOSTS
    )


def https_url(url: str | None) -> str | None:
    """The URL as https, or None when it cannot be one (not http(s), or http on an unknown host)."""
    url = (url or "").strip()
    if not url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.hostname:
        return None
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and _is_gov_host(parts.hostname):
        return urlunsplit(("https",) + tuple(parts[1:]))
    return None
