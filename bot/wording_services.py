"""Every fixed sentence of the value-added services a citizen reads: opening hours, the agenda,
buses, what is around a position, heritage tours, zones and the directory (bot/wording.py has the rest).

Kept apart from bot/wording.py only for size; the same rules hold: French, plain, no HTML (the
renderers escape), and the same translation (bot/i18n.py): every sentence is marked `N_("…")` and
read as `WS.NAME` at call time, in the language of the person being answered.
"""

from .i18n import N_, translated_module

# --- Opening status and opening-hours answers (issue 16: open now, or on a given day)
TOMORROW = N_("demain")
FROM_TO = N_("de {start} à {end}")
AND = N_(" et ")  # between the last two time ranges of a day
LABEL_OPEN_UNTIL = N_("🟢 ouvert jusqu'à {time}")
LABEL_OPENS_AT = N_("🔴 fermé, ouvre à {time}")
LABEL_CLOSED = N_("🔴 fermé")
LABEL_CLOSED_FOR = N_("🔴 fermé aujourd'hui ({why})")
LABEL_OPENS_ON = N_(", ouvre {when} à {time}")
WHY_HOLIDAY = N_(" (jour férié : {name})")
IS_OPEN_NOW = N_("🟢 {who} {verb} ouvert{agree} en ce moment, jusqu'à {until}")
OPENS_LATER = N_("🔴 {who} {verb} fermé{agree} en ce moment ; {pronoun} {opens} à {time}")
CLOSED_TODAY = N_("🔴 {who} {verb} fermé{agree} aujourd'hui")
CLOSED_FOR_TODAY = N_("🔴 {who} {verb} fermé{agree} pour aujourd'hui (fermeture à {last})")
NEXT_OPENING_ON = N_("Prochaine ouverture : {day} {ranges}.")
NO_NEXT_OPENING = N_("Pas d'ouverture prévue dans les prochaines semaines : appelez pour vous renseigner.")
ON_DAY = N_("Le {day}")
ON_DATE = N_("le {day}")  # "le lundi 04/01", a day more than a week ahead
ON_TOMORROW = N_("Demain ({day})")
OPEN_ON_DAY = N_("{head}, {who} {verb} ouvert{agree} {ranges}")
CLOSED_ON_DAY = N_("{head}, {who} {verb} fermé{agree}")
TODAY_HEAD = N_("Aujourd'hui")
AT_TIME = N_("{head} à {time}")
OPEN_AT = N_("{head}, {who} {verb} ouvert{agree} (jusqu'à {until})")
CLOSED_AT_OPENS = N_("{head}, {who} {verb} fermé{agree} ; {pronoun} {opens} à {time}")
THAT_DAY = N_("Ce jour-là : {ranges}.")
HOURS_ON_DAYS = N_("Horaires {of} :")
COMING_SPECIAL_DAYS = N_("À noter dans les semaines à venir :")
FROM_DAY_TO_DAY = N_("du {first} au {last}")

# --- Agenda: dated events (issue 16: "que faire ce week-end ?", "prochain conseil municipal")
AT_HOUR = N_("à {time}")
FICTIONAL_DATE = N_(" ⚠️ date fictive (démonstration)")
EVERY_DAY = N_("chaque {day}")
UNTIL_DAY = N_("jusqu'au {day}")
NEXT_DATES = N_("📅 Prochaines dates")
AGENDA_NEXT = N_("{emoji} {label} : prochaines dates")
AGENDA_ON = "{emoji} {label} : {days}"
AGENDA_LABEL = N_("Agenda de la commune")
AGENDA_NOTHING = N_("Rien n'est inscrit à l'agenda de la commune pour cette période.")
AGENDA_THEN = N_("Ensuite :")
AGENDA_EVERY_WEEK = N_("Chaque semaine :")
AGENDA_MORE = N_("… et {count} autre(s) date(s) : précisez un jour (« ce week-end », « le 18 septembre »).")
# --- Buses (bot/services/bus.py, bot/render/departures.py): the imported GTFS timetable.
BUS_NOW = N_("{time} (dans moins d'une minute)")
BUS_IN = N_("{time} (dans {minutes} min)")
BUS_TONIGHT = N_("{time} (cette nuit)")
BUS_TOMORROW = N_("demain {time}")
BUS_TODAY = N_("aujourd'hui")
BUS_UNTIL_TONIGHT = N_("d'ici ce soir")
BUS_TOMORROW_DAY = N_("demain")
BUS_FOOTER = N_("Horaires théoriques du réseau {agency} (pas le temps réel).")
BUS_STOP_TITLE = N_("🚏 {stop} : prochains départs")
BUS_STOP_DAY_TITLE = N_("🚏 {stop} : départs {day}")
BUS_STOP_LAST_TITLE = N_("🚏 {stop} : derniers départs ce soir")
BUS_STOP_FIRST_TITLE = N_("🚏 {stop} : premiers départs {day}")
BUS_NEAREST_STOP = N_("Arrêt le plus proche de « {place} » : {stop} ({distance}).")
BUS_TOWARDS = N_("Vers {stop} seulement.")
BUS_ARRIVAL = N_("{departure} → arrivée {arrival}")
BUS_NONE_LEFT = N_("Plus de bus aujourd'hui à cet arrêt.")
BUS_NONE_DAY = N_("Aucun bus {day} à cet arrêt.")
BUS_NEXT_DAY = N_("Prochain départ : {when} ({line}).")
BUS_NEXT_FROM = N_("Prochain départ : {when} depuis {stop} ({line}).")
BUS_NOTHING_AHEAD = N_("Aucun départ dans les jours qui viennent à cet arrêt.")
BUS_BEYOND = N_("Les horaires importés s'arrêtent le {date} : je ne connais pas les bus au-delà.")
BUS_TO_TITLE = N_("🚌 Vers l'arrêt {stop}")
BUS_TO_LAST_TITLE = N_("🚌 Derniers bus ce soir vers l'arrêt {stop}")
BUS_TO_DAY_TITLE = N_("🚌 Vers l'arrêt {stop}, {day}")
BUS_TO_FROM = N_("{line} (départ {origin}) : {times}")
BUS_TO_NEXT_CALLS = N_("Prochain trajet, arrêt par arrêt :")
BUS_TO_LAST_CALLS = N_("Dernier trajet, arrêt par arrêt :")
BUS_TO_HINT = N_("Pour les départs de votre arrêt, dites d'où vous partez (« bus pour {stop} depuis {other} ») ou partagez votre position (📍).")
BUS_NONE_TO = N_("Plus de bus aujourd'hui pour {stop}.")
BUS_LINE_TITLE = N_("🚌 {line} : départs {day}")
BUS_LINE_STOPS = N_("Arrêts (minutes depuis le départ) : {stops}")
BUS_LINE_NONE = N_("Plus de départ aujourd'hui sur cette ligne.")
BUS_NEAR_TITLE = N_("🚏 Bus au départ des arrêts proches")
BUS_NEAR_STOP = "🚏 {stop} ({distance})"

# --- nearby and heritage (issue 16): what is around a shared position, map pins, walking tours
NEAR_BUTTON = N_("📍 Autour de moi")
NEAR_INVITE = N_("📍 Touchez « Autour de moi » (en bas de l'écran) pour voir les lieux, services et monuments "
               "les plus proches de vous, à quelle distance et s'ils sont ouverts.")
NEAR_TITLE = N_("📍 Autour de vous")
NEAR_FAMILY_TITLE = N_("📍 Autour de vous : {family}")
NEAR_HERITAGE = N_("Patrimoine")
NEAR_PLACES = N_("Services et lieux")
NEAR_TOUR = N_("🚶 {title} : départ à {distance} ({first}).")
NEAR_FAR = N_("Vous semblez loin de {town} : le lieu le plus proche est à {distance}.")
NEAR_NONE = N_("Je ne connais pas encore l'emplacement des lieux de {town}. Posez-moi votre question par écrit.")
NEAR_NONE_HERE = N_("Aucun lieu de ce type n'est connu près d'ici.")
NEAR_BAD_POSITION = N_("Je n'ai pas pu lire cette position. Réessayez avec le bouton « 📍 Autour de moi ».")
NEAR_HINT = N_("Touchez 📌 pour voir un lieu sur la carte, ou choisissez un type de lieu :")
NEAR_ALL = N_("📍 Tout")
NEAR_FAMILIES = {  # filter buttons, in this order; "autres" gathers the kinds of place none of the others has
    "mairie": N_("🏛️ Mairie et services"), "dechets": N_("♻️ Déchetterie"), "ecoles": N_("🏫 Écoles"),
    "patrimoine": N_("🏰 Patrimoine"), "sante": N_("🩺 Santé"), "sport": N_("⚽ Sport"), "culture": N_("🎭 Culture"),
    "autres": N_("📍 Autres lieux"),
}
PIN_BUTTON = N_("📌 Voir sur la carte")
STORY_BUTTON = N_("📖 Histoire")
VISIT_TODAY = N_("🕒 Visite aujourd'hui : {hours}")
TOUR_START = N_("▶️ Commencer le circuit")
TOUR_LENGTH = N_("🚶 {stops} étapes, {distance} à vol d'oiseau (au moins {minutes} min à pied) :")
TOUR_STEP = N_("étape {n}/{total}")
TOUR_NEXT = N_("Étape suivante : {title}, à {distance} à vol d'oiseau (environ {minutes} min à pied).")
TOUR_NEXT_BUTTON = N_("Étape suivante ▶️")
TOUR_END = N_("🏁 C'est la fin du circuit. Merci de votre visite, et à bientôt !")

# --- zones: answers from an address or a position (bot/services/zones.py, bot/render/zones.py)
ZONE_HEAD = "{emoji} {title} : {street}"
ZONE_FIELD = "{label} : {value}"
ZONE_NEXT = N_("{days}, prochain passage {dates}")
ZONE_TODAY = N_("aujourd'hui {day}")
ZONE_THEN = N_("{first}, puis {second}")
ZONE_MOVED = N_("{day} (décalé : {holiday})")
ZONE_PLACE = "{name}, {address}"
ZONE_SPLIT = N_("Cela dépend du numéro :")
ZONE_NUMBER_HINT = N_("Pour une réponse directe, écrivez aussi votre numéro, par exemple « {example} ».")
ZONE_NUMBER_UNKNOWN = N_("Le n° {number} n'est pas dans l'index de cette rue ; voici ce qu'il dit :")
ZONE_NO_LAYER = N_("Je n'ai pas encore cette information pour {street} : voyez la fiche ci-dessous, ou demandez "
                 "à la mairie.")
ZONE_AMBIGUOUS = N_("Plusieurs rues portent ce nom : précisez la vôtre, par exemple « {example} ».")
ZONE_UNKNOWN = N_("🔎 Je ne trouve pas « {said} » parmi les rues de {town}.")
ZONE_UNKNOWN_HINT = N_("Vérifiez l'orthographe, ou écrivez le nom complet de la rue avec le numéro, par exemple "
                     "« {example} ».")
ZONE_NEAR = N_("Rues au nom proche : {names}.")
ZONE_MORE = "📋 {title}"
ZONE_HERE = N_("🗺️ À cet endroit")
ZONE_NUMBERS_RANGE = N_("n° {low} à {high}")
ZONE_NUMBERS_FROM = N_("n° {low} et plus")
ZONE_SIDES = (N_("côté pair"), N_("côté impair"))


__getattr__ = translated_module(globals())  # WS.NAME: the sentence in the current language (bot/i18n.py)
