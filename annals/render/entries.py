"""Entry pages: the plain data each template gets, built from a linked entry."""

from __future__ import annotations

from collections.abc import Callable

import jinja2
import pycountry

from annals.dates import EdtfDate, format_date, interval
from annals.entry_types import ENTRY_TYPES
from annals.parts import Relation
from annals.publication import Publication
from annals.render.citing import page_citation, provenance
from annals.render.context import OutputFile, PageContext, entry_uri, event_date, language_name, source_details
from annals.render.evidence import evidence_box, single_outlet
from annals.render.markup import tidy, web_link
from annals.render.structured import description, json_ld, script_json
from annals.render.shared import SharedEvents, shared_events_data
from annals.render.sidebar import sidebar
from annals.render.tags import tag_uri
from annals.render.timelines import Listing, Timeline, date_disputed, listing_data, timeline_data
from annals.site import EntryKey, Site
from annals.validate import Valid
from annals.vocabulary import ISSUERS, RELATIONS


def entry_page(site: Site, valid: Valid, template: jinja2.Template, environment: jinja2.Environment,
               timeline_limit: int, publication: Publication) -> list[OutputFile]:
    """An entry's page, and the year pages of a timeline too long for it (a hub's).

    ``publication`` gives the page its citation, its history and absolute addresses in its JSON-LD.
    """
    uri = entry_uri(valid.key)
    context = PageContext(site, uri)
    builder = _BUILDERS.get(valid.entry_type, _no_extras)
    lead = _event_lead(context, valid) if valid.entry_type == "event" else {}  # cited first: it is read first
    data = lead | _common(context, valid) | builder(context, valid)
    parts: list[OutputFile] = []
    visual = None
    for name, value in list(data.items()):
        if isinstance(value, Timeline):
            data[name], made = timeline_data(context, valid, value, environment, timeline_limit)
            visual = data[name].pop("svg")
            parts += made
        elif isinstance(value, Listing):
            data[name], made = listing_data(context, valid, value, environment, timeline_limit)
            parts += made
        elif isinstance(value, SharedEvents):
            data[name], made = shared_events_data(context, valid, value, environment, timeline_limit)
            parts += made
    data["provenance"] = provenance(valid, publication)
    data["citation"] = page_citation(valid, publication)
    data["footnotes"] = context.footnotes  # last: every builder above may have cited
    page = OutputFile(uri, tidy(template.render(page=data)), valid.document.path, visual=visual,
                      description=description(context, valid),
                      structured=script_json(json_ld(context, valid, publication)), sidebar=sidebar(context, valid))
    return [page] + parts


def _common(context: PageContext, valid: Valid) -> dict:
    entry = valid.entry
    summary = context.markdown(entry.summary)  # first of the common parts: footnotes number in reading order
    return {
        "id": entry.id,
        "type": valid.entry_type,
        "label": entry.label,
        "aliases": list(entry.aliases),
        "tags": [{"label": tag, "url": context.url(tag_uri(tag))} for tag in entry.tags],
        "summary": summary,
        "native_names": [native_name(n.text, n.lang, n.family_name) for n in getattr(entry, "native_names", [])],
        "native_names_note": context.native_names_note(),
        "spellings": [_sourced(context, v.text, v.sources) for v in getattr(entry, "spellings", [])],
        "disagreements": [{"about": d.about, "versions": [_version(context, v) for v in d.versions]}
                          for d in entry.disagreements],
        "note": context.markdown(entry.note),
        "mentioned_in": _listing(context, "mentioned-in", "Mentioned in", context.site.mentions.get(valid.key, [])),
        "country": country_name(getattr(entry, "country", None)),
        "section": {"title": ENTRY_TYPES[valid.entry_type].title, "url": context.url(f"{ENTRY_TYPES[valid.entry_type].section}/index.md")},
    }


def _sourced(context: PageContext, text: str, source_ids: list[str]) -> dict:
    """A statement with its footnotes, and the outlet that printed it when only one did."""
    return {"text": text, "cites": context.cite_all(source_ids), "single_outlet": single_outlet(context.site, source_ids)}


def _version(context: PageContext, version) -> dict:
    """One version of a disagreement: what it says, its footnotes, and the date it gives, formatted."""
    return _sourced(context, version.says, version.sources) | {
        "date": format_date(version.date) if version.date else None}


def _event_lead(context: PageContext, valid: Valid) -> dict:
    """What an event's page shows above its summary: the dates sources dispute, and the evidence box."""
    return {"date_dispute": _date_dispute(context, valid.entry), "evidence": evidence_box(context, valid)}


def _date_dispute(context: PageContext, event) -> list[dict] | None:
    """The dates sources give for a disputed event date, each with its footnotes; None when undisputed."""
    if not date_disputed(event):
        return None
    return [{"date": format_date(v.date), "says": v.says, "cites": context.cite_all(v.sources)}
            for d in event.disagreements for v in d.versions if v.date]


def _sort_label(site: Site, key: EntryKey) -> tuple:
    return (key[0], site.entries[key].entry.label.casefold(), key[1])


_SUPPRESSED_SCRIPTS = {"ja": "jpan", "ko": "kore"}
"""Scripts a language tag should not name (IANA's Suppress-Script): ``ja-Jpan`` is written ``ja``."""


def native_name(text: str, lang: str, family: str | None = None) -> dict:
    """A name in its own script: the text, a valid ``lang`` for it and its language's English name; with its family
    name, the family and the given name apart (shown, so a reader sees which is which and search finds each)."""
    primary, _, rest = lang.partition("-")
    if rest.lower() == _SUPPRESSED_SCRIPTS.get(primary.lower()):
        lang = primary
    given = text[len(family):].strip() if family else None
    return {"text": text, "lang": lang, "language": language_name(lang), "family": family, "given": given}


def country_name(code: str | None) -> str | None:
    if code is None:
        return None
    country = pycountry.countries.get(alpha_2=code)
    assert country is not None, "a Country value is an ISO 3166 code"
    return getattr(country, "common_name", None) or country.name


def _event(context: PageContext, valid: Valid) -> dict:
    site, event = context.site, valid.entry
    return {
        "title": event.title,
        "date": event_date(event),
        "date_reported": event.date_text,
        "date_note": event.date_note,
        "kind": event.kind,
        "status": event.status,
        "place": context.place(event.place_qualifier, _place_chain(context, event.place)),
        "participants": [_participant(context, p) for p in event.participants],
        "related": _related(context, valid),
        "neighbors": [_neighbor(context, label, event_id)
                      for label, event_id in zip(("Earlier", "Later"), site.neighbors(event.id)) if event_id],
        "quote": _quote(context, event.quote),
        # Every source the page cites, not only those in `sources:`: the list is what the event rests on.
        "sources": [_source_line(context, s) for s in _all_sources(site, valid)],
    }


def _neighbor(context: PageContext, label: str, event_id: str) -> dict:
    """The event just before or after this one in the chronology, as a link with its date."""
    event = context.site.entries[("event", event_id)].entry
    return {"label": label, "event": context.link(("event", event_id)), "date": event_date(event)}


def _all_sources(site: Site, valid: Valid) -> list[str]:
    """The event's `sources:` in their order, then every other source it cites, in order of first citation."""
    listed = valid.entry.sources
    return listed + [s for s in site.cited[valid.key] if s not in listed]


def _participant(context: PageContext, participant) -> dict:
    return {
        "person": context.link(("person", participant.person)) if participant.person else None,
        "organization": context.link(("organization", participant.organization)) if participant.organization else None,
        "side": participant.side,
        "role": participant.role,
        "cites": context.cite_all(participant.sources),
    }


def _related(context: PageContext, valid: Valid) -> list[dict]:
    """Links to other events, each with the sources that make it or the editors' note that it is their inference.

    A pair linked from both sides with the same label shows once.
    """
    site = context.site
    rows = [(RELATIONS[r.relation][0], r.event, r) for r in valid.entry.related]
    rows += [(RELATIONS[r.relation][1], other, r) for r, other in site.inverse_relations(valid.entry.id)]
    chosen: dict[tuple[str, str], Relation] = {}
    for label, event_id, relation in rows:
        chosen.setdefault((label, event_id), relation)
    ordered = sorted(chosen, key=lambda r: site.event_order(site.entries[("event", r[1])]) + (r[0],))
    return [{"relation": label, "event": context.link(("event", event_id)),
             "date": event_date(site.entries[("event", event_id)].entry),
             "cites": context.cite_all(chosen[label, event_id].sources),
             "inference": chosen[label, event_id].note if not chosen[label, event_id].sources else None}
            for label, event_id in ordered]


def _quote(context: PageContext, quote) -> dict | None:
    if quote is None:
        return None
    return {"text": quote.text, "source": context.link(("source", quote.source)), "cite": context.cite(quote.source),
            "speaker": context.link(_speaker_key(quote, quote.speaker or quote.speaker_organization))
            if quote.speaker or quote.speaker_organization else None}


def _speaker_key(quote, speaker_id: str) -> tuple[str, str]:
    """Whose words a quote gives: its person, or else its organization."""
    return ("person", speaker_id) if speaker_id == quote.speaker else ("organization", speaker_id)


def _source_line(context: PageContext, source_id: str) -> dict:
    publisher, published = source_details(context.site.entries[("source", source_id)].entry)
    return {"link": context.link(("source", source_id)), "publisher": publisher, "published": published,
            "cite": context.cite(source_id)}


def _place_chain(context: PageContext, place_id: str | None) -> list[dict]:
    """A place and the places it lies in, innermost first."""
    chain, seen = [], set()
    while place_id and place_id not in seen:
        seen.add(place_id)
        chain.append(context.link(("place", place_id)))
        place_id = context.site.entries[("place", place_id)].entry.located_in
    return chain


def _person(context: PageContext, valid: Valid) -> dict:
    person = valid.entry
    return {
        "name": person.name,
        "roles": [_role(context, r) for r in person.roles],
        "timeline": Timeline(context.site.participations(valid.key), with_role=True),
        "shared": SharedEvents(context.site.shared_events(valid.key)),
    }


def _role(context: PageContext, role) -> dict:
    return {
        "title": role.title,
        "organization": context.link(("organization", role.organization)) if role.organization else None,
        "period": _period(role.start, role.end),
        "cites": context.cite_all(role.sources),
        "single_outlet": single_outlet(context.site, role.sources),
    }


def _period(start: EdtfDate | None, end: EdtfDate | None) -> str | None:
    """A role's period, formatted as the EDTF interval it is."""
    if not start and not end:
        return None
    return format_date(interval(start, end))


def _organization(context: PageContext, valid: Valid) -> dict:
    site, organization = context.site, valid.entry
    members = [{"person": context.link(person)} | _role(context, role) for person, role in site.members(organization.id)]
    return {
        "name": organization.name,
        "parent": context.link(("organization", organization.parent)) if organization.parent else None,
        "children": _listing(context, "parts", "Parts", context.site.referrers(valid.key, "organization", "parent")),
        "people": members,
        "timeline": Timeline(site.participations(valid.key)),
        "shared": SharedEvents(site.shared_events(valid.key)),
    }


def _place(context: PageContext, valid: Valid) -> dict:
    place = valid.entry
    return {
        "name": place.name,
        "within": _place_chain(context, place.located_in),
        "contains": _listing(context, "places-here", "Places here",
                             context.site.referrers(valid.key, "place", "located_in")),
        "coordinates": {"lat": place.coordinates.lat, "lon": place.coordinates.lon} if place.coordinates else None,
        "timeline": Timeline([(event, []) for event in context.site.events_at(place.id)]),
    }


def _source(context: PageContext, valid: Valid) -> dict:
    site, source = context.site, valid.entry
    citing = site.cited_by.get(source.id, [])
    citing_events = site.events_in_order([k[1] for k in citing if k[0] == "event"])
    return {
        "title": source.label,
        "untitled": source.title is None,
        "publisher": source.publisher,
        "authors": list(source.authors),
        "published": format_date(source.published) if source.published else None,
        "accessed": format_date(source.accessed) if source.accessed else None,
        "issued_by": ISSUERS[source.issued_by],
        "consulted": source.consulted,
        "known_through": [context.link(("source", s)) for s in site.relayed_by(source.id)] if not source.consulted else [],
        "url": web_link(source.url),
        "archive_url": web_link(source.archive_url),
        "language": language_name(source.language) if source.language else None,
        "unverified": list(source.unverified),
        "cites": [context.link(("source", s)) for s in source.cites],
        "cited_by_sources": _listing(context, "relayed-by", "Relayed by", context.site.referrers(valid.key, "source", "cites")),
        "cited_by_events": Timeline([(e, []) for e in citing_events]),
        "cited_by_entries": _listing(context, "cited-by", "Other entries citing this source",
                                     [k for k in citing if k[0] not in ("event", "source")]),
    }


def _no_extras(context: PageContext, valid: Valid) -> dict:
    """A type with no page data of its own: its page shows the fields every entry has."""
    return {}


_BUILDERS: dict[str, Callable[[PageContext, Valid], dict]] = {
    "event": _event, "person": _person, "organization": _organization, "place": _place, "source": _source,
}
"""The page data that is special to a type; a new type needs no entry here."""


def _listing(context: PageContext, name: str, title: str, keys: list[EntryKey]) -> Listing:
    """Entries listed by name; split into pages when there are many (see ``timelines.listing_data``)."""
    return Listing(name, title, sorted(keys, key=lambda k: _sort_label(context.site, k)))
