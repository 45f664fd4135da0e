"""Event mentions: the examples kept beside the rules in extractors/rules/events.json, and the seeds."""
from datetime import date

import pytest

from extractors.events import RULES, extract_mentions
from extractors.nlp import load_nlp
from extractors.temporal import tag

DCT = date(2025, 4, 25)


def mentions_of(text, dct=DCT, sources=("timex",)):
    """The mentions of a text whose date comes from one of these sources (default: those a
    temporal expression of their own dates)."""
    doc = load_nlp()(text)
    return [m for m in extract_mentions("t", doc, tag(text, dct, doc), dct) if m.date_source in sources]


@pytest.mark.parametrize("text,trigger", RULES["event_nouns"]["examples"])
def test_event_noun_examples(text, trigger):
    assert [m.trigger for m in mentions_of(text)] == [trigger]


@pytest.mark.parametrize("text,status", RULES["status_cues"]["examples"])
def test_status_examples(text, status):
    ms = mentions_of(text)
    assert ms and ms[0].status == status


@pytest.mark.parametrize("text,relation", RULES["relations"]["examples"])
def test_relation_examples(text, relation):
    ms = mentions_of(text)
    assert ms and ms[0].relation == relation


def test_mention_carries_clause_actors_and_interval():
    text = ("From April 16 to 18, Japan's Minister for Economic Revitalization, Ryo Akazawa, visited the "
            "United States to hold the first round of tariff negotiations.")
    (m,) = mentions_of(text, date(2025, 4, 22))
    assert (m.value, m.begin_date, m.end_date, m.granularity) == \
        ("2025-04-16/2025-04-18", date(2025, 4, 16), date(2025, 4, 18), "day")
    assert m.trigger == "visited" and m.status == "occurred"
    assert "Ryo Akazawa" in m.actors and "the United States" in m.actors
    assert text[m.start:m.end] == m.quote and m.quote.startswith("From April 16 to 18")


def test_vague_references_and_free_durations_make_no_event():
    assert mentions_of("Prices are rising now and have risen for six years.") == []


def test_undated_document_keeps_relative_dates_unresolved():
    ms = mentions_of("The ministers met last week.", dct=None)
    assert ms and all(m.begin_date is None for m in ms) and "X" in ms[0].value


def test_same_tense_side_clause_is_its_own_event_and_background_is_left_out():
    text = ("Last week, as the chief negotiator Ryosei Akazawa arrived in Washington for a second round of tariff "
            "talks, a delegation of Japanese lawmakers wrapped up meetings in Beijing.")
    ms = {m.trigger: m for m in mentions_of(text, date(2025, 5, 5))}
    assert set(ms) == {"wrapped up", "arrived"} and {m.value for m in ms.values()} == {"2025-W18"}
    assert "Akazawa" not in ms["wrapped up"].quote and "round#second" in ms["arrived"].keywords
    text = ("As Japan and the United States are about to hold their second round of tariff negotiations, "
            "Bloomberg reported on April 24 that Japan plans to resist.")
    (m,) = mentions_of(text)
    assert m.trigger == "reported" and m.quote.startswith("Bloomberg") and "round#second" not in m.keywords


def test_headline_line_is_its_own_sentence():
    text = "Outlook Ahead of G7 Summit\nThe upcoming G7 summit, set to take place in June, is seen as a milestone."
    (m,) = mentions_of(text)
    assert "Outlook" not in m.quote and m.value == "2025-06"


# ---------------------------------------------------------------- events no expression dates

def all_mentions_of(text, dct=DCT):
    doc = load_nlp()(text)
    return extract_mentions("t", doc, tag(text, dct, doc), dct)


@pytest.mark.parametrize("text,trigger,names", RULES["participants"]["examples"])
def test_participant_examples(text, trigger, names):
    (m,) = [m for m in all_mentions_of(text) if m.trigger == trigger]
    roles = dict(zip(m.actors, m.actor_roles))
    assert all(roles.get(n) for n in names), roles  # each is an argument of the trigger, with its role


@pytest.mark.parametrize("text,trigger,source", RULES["undated_events"]["examples"])
def test_undated_event_examples(text, trigger, source):
    ms = [m for m in all_mentions_of(text) if m.date_source != "timex"]
    if trigger is None:
        assert ms == []  # future, hypothetical, or a report without a named speaker: no mention
    else:
        (m,) = [m for m in ms if m.trigger == trigger]
        assert m.date_source == source and m.value == DCT.isoformat() and m.confidence <= 0.3
        assert m.timex_start == -1 and m.timex_text == ""


@pytest.mark.parametrize("text,dct,trigger,source,value", RULES["clause_dates"]["examples"])
def test_clause_date_examples(text, dct, trigger, source, value):
    ms = [m for m in all_mentions_of(text, date.fromisoformat(dct)) if m.trigger == trigger]
    if source is None:
        assert ms == []  # told before or after its clause's time: no date, so no mention
    else:
        (m,) = ms
        assert (m.date_source, m.value) == (source, value)


@pytest.mark.parametrize("text,dct,trigger,value", RULES["narrative_offsets"]["examples"])
def test_narrative_offset_examples(text, dct, trigger, value):
    (m,) = [m for m in all_mentions_of(text, date.fromisoformat(dct)) if m.trigger == trigger]
    assert m.value == value and m.date_source == "timex" and m.granularity == "month"


def test_lead_news_day_stands_in_for_past_reports_and_publication_for_present_states():
    text = ("Apple unveiled the iPhone 4 on Monday in San Francisco. Steve Jobs praised its antenna. "
            "The iPhone 4 has a glass back.")
    ms = {m.trigger: m for m in all_mentions_of(text, date(2010, 6, 8))}
    assert ms["unveiled"].value == "2010-06-07" and ms["unveiled"].date_source == "timex"
    assert (ms["praised"].value, ms["praised"].date_source, ms["praised"].relation) == ("2010-06-07", "lead", "before")
    assert (ms["has"].value, ms["has"].date_source, ms["has"].status) == ("2010-06-08", "publication", "ongoing")


def test_verbs_in_a_dated_clause_take_its_date_and_say_which_mention_gives_it():
    text = "In a July 16 press conference, Jobs said that all iPhone 4 buyers would receive a free case."
    ms = {m.trigger: m for m in all_mentions_of(text, date(2010, 7, 17))}
    conference, said = ms["conference"], ms["said"]
    assert conference.date_source == "timex" and conference.quote == "In a July 16 press conference"
    assert said.date_source == "clause" and said.dated_by == conference.mention_id
    assert said.value == "2010-07-16" and said.confidence < conference.confidence


def test_a_verb_coordinated_in_a_dated_clause_takes_its_date_as_an_event_of_its_own():
    text = "In 1985, Steve Jobs was fired from Apple and he founded NeXT."
    ms = {m.trigger: m for m in all_mentions_of(text, date(2011, 8, 25))}
    fired, founded = ms["fired"], ms["founded"]
    assert fired.date_source == "timex" and not fired.own_event
    assert founded.date_source == "clause" and founded.dated_by == fired.mention_id and founded.value == "1985"
    assert founded.own_event  # another event of that year: it does not join 'fired' (merge._clause_parents)
    # a word below the dated verb is still part of its event ("Jobs said" at the press conference)
    text = "In a July 16 press conference, Jobs said that all iPhone 4 buyers would receive a free case."
    assert not any(m.own_event for m in all_mentions_of(text, date(2010, 7, 17)))
    # a future verb coordinated with it stays with its clause (not a separate event of that date)
    text = "On April 21, China said it will not accept the plan and will firmly retaliate against Japan."
    assert not any(m.own_event for m in all_mentions_of(text, date(2025, 4, 22)))


def test_document_without_publication_date_gets_no_fallback():
    assert [m for m in all_mentions_of("Steve Jobs welcomed everyone to the event.", dct=None)] == []


def test_a_headline_in_the_present_tells_the_news_of_the_lead():
    text = ("Apple unveils new MacBook Air laptops\n\nIn a Wednesday media event, Apple Inc. released a new "
            "lineup of MacBook Air laptops. The MacBook Air has no hard drive.")
    ms = {m.trigger: m for m in all_mentions_of(text, date(2010, 10, 23))}
    assert (ms["unveils"].value, ms["unveils"].date_source, ms["unveils"].status) == ("2010-10-20", "lead", "occurred")
    assert (ms["has"].value, ms["has"].date_source) == ("2010-10-23", "publication")  # the body's present: a state
    (m,) = all_mentions_of("Apple unveils new MacBook Air laptops at a media event.", date(2010, 10, 23))
    assert (m.value, m.date_source) == ("2010-10-23", "publication")  # no lead to tell: the publication date


def test_wire_header_dates_no_event_and_names_no_participant():
    """A dateline's date is the report's ("HOUSTON, Sept 12 (Reuters) - "): the lead's own "on Wednesday"
    dates its verb, and neither the dateline's place and agency nor a byline is a participant."""
    text = ("Former Vantro chief charged with fraud\n\nBy Sarah Lindqvist\n\nHOUSTON, Sept 12 (Reuters) - Daniel "
            "Okafor, the founder of Vantro Energy, was arrested at his home in Houston on Wednesday, prosecutors said.\n")
    ms = all_mentions_of(text, date(2025, 9, 12))
    arrested = [m for m in ms if m.trigger == "arrested"]
    assert [(m.value, m.date_source) for m in arrested] == [("2025-09-10", "timex")]
    assert arrested[0].quote.startswith("Daniel Okafor")
    assert not {"Reuters", "HOUSTON", "Sarah Lindqvist"} & {a for m in ms for a in m.actors}


def test_page_header_lines_are_no_events():
    """The header lines of a page pasted as text ("By Jane Doe | November 18, 2026 10:32 AM EST",
    "Updated 3:45 PM ET, Wed November 18, 2026") date the report: no "By" or "Updated" event, no
    writer as a participant."""
    text = ("Senate passes spending bill\nBy Jane Doe | November 18, 2026 10:32 AM EST\n"
            "Updated 3:45 PM ET, Wed November 18, 2026\n\nThe Senate passed a spending bill on Tuesday.\n")
    ms = all_mentions_of(text, date(2026, 11, 18))
    assert {m.trigger for m in ms} == {"passes", "passed"}
    assert [m.value for m in ms if m.trigger == "passed"] == ["2026-11-17"]
    assert "Jane Doe" not in {a for m in ms for a in m.actors}


def test_a_coordinated_verb_dated_by_its_own_expression_is_apart_from_the_other_in_words_too():
    """'was indicted in September and pleaded not guilty later that month': two events, and neither
    quote holds the other's words (they had joined a plea told elsewhere through 'plead', 'guilty')."""
    text = "Okafor, 52, was indicted in September and pleaded not guilty later that month."
    ms = {m.trigger: m for m in mentions_of(text, date(2026, 2, 3))}
    assert ms["indicted"].quote == "Okafor, 52, was indicted in September"
    assert ms["pleaded"].quote == "pleaded not guilty later that month"
    assert "plead" not in ms["indicted"].keywords and "indict" not in ms["pleaded"].keywords


@pytest.mark.parametrize("text,word", RULES["synonyms"]["examples"])
def test_synonym_examples(text, word):
    from extractors.events import keywords_of
    assert word in keywords_of(load_nlp()(text))


def test_words_of_a_plan_are_no_sign_of_one_event():
    """'when he is expected to enter a plea' / 'the civil case ... is expected to resume': 'expect' tells a
    plan, not what is planned (merge_stopwords)."""
    from extractors.events import keywords_of
    assert keywords_of(load_nlp()("when he is expected to enter a plea")) == ["enter", "plea"]


@pytest.mark.parametrize("text,dct,trigger,status", RULES["clause_dates"]["negated_examples"])
def test_a_verb_of_a_dated_clause_told_as_not_done_is_negated(text, dct, trigger, status):
    (m,) = [m for m in all_mentions_of(text, date.fromisoformat(dct)) if m.trigger == trigger]
    assert m.date_source == "clause" and m.status == status


@pytest.mark.parametrize("text,dct,trigger,quote", [
    # a short relative clause widens to the noun it describes, not over the main clause's own date
    ("Lib Dem leader Sir Ed Davey, who campaigned in Wexley on Tuesday, is due to visit the constituency on "
     "Saturday to celebrate the win.", "2026-03-13", "campaigned", "Lib Dem leader Sir Ed Davey, who campaigned in Wexley on Tuesday"),
    ("Ferrer, who was elected president in 2023, had made signing a striker his priority after Iker Sainz left "
     "for Chelsea in May.", "2026-07-14", "elected", "Ferrer, who was elected president in 2023"),
    # ... the noun its own clause describes, however far up the widening went
    ("The Federal Communications Commission on Monday fined Tallis Mobile $18 million over a data breach, ending "
     "a review that began in late May.", "2026-09-22", "began", "a review that began in late May"),
    # a short clause of another kind stays as it is
    ("The Marsh and District health trust opened a 90-day consultation on the maternity unit on 2 February, "
     "and it is due to close on 3 May.", "2026-02-20", "close", "it is due to close on 3 May"),
    ("Shares of Tallis fell 6.3% on Wednesday, their biggest one-day drop since the company went public in 2018.",
     "2026-05-14", "went", "since the company went public in 2018"),
    # ... and a later clause another expression dates is cut from the main clause's quote
    ("Shares of Tallis fell 6.3% on Wednesday, their biggest one-day drop since the company went public in 2018.",
     "2026-05-14", "fell", "Shares of Tallis fell 6.3% on Wednesday, their biggest one-day drop"),
])
def test_a_quote_does_not_take_the_words_of_a_clause_another_expression_dates(text, dct, trigger, quote):
    """A short clause was widened to the whole sentence, over another dated event's words: both mentions
    had one quote (the scorer could not tell them apart) and shared words ('made public in May' joined
    'fell ... since the company went public in 2018')."""
    qs = {m.quote for m in mentions_of(text, date.fromisoformat(dct)) if m.trigger == trigger}
    assert qs == {quote}


def test_a_negated_adjective_is_another_word():
    """'pleaded not guilty' is not 'pleaded guilty' (a plea of one person joined another's through a year)."""
    from extractors.events import keywords_of
    nlp = load_nlp()
    assert "not guilty" in keywords_of(nlp("Okafor pleaded not guilty on Wednesday"))
    assert "guilty" not in keywords_of(nlp("Okafor pleaded not guilty on Wednesday"))
    assert "guilty" in keywords_of(nlp("Walsh pleaded guilty in 2025"))


def test_phrasal_synonyms_name_one_event_word():
    from extractors.merge import same_event_word
    assert same_event_word("turn down", "reject") and same_event_word("stand down", "resign")
    assert not same_event_word("turn", "reject")


def test_a_report_quote_leaves_out_what_it_reports_when_that_has_its_own_date():
    """'Hartwig said on Monday that the company had spent $40 million since May and would move ... by
    the end of the year': the saying is one event, the spending and the move two more, each quoted apart."""
    text = ("Hartwig said on Monday that the company had spent $40 million on security since May and would "
            "move all customer records to a new system by the end of the year.")
    qs = {m.trigger: m.quote for m in mentions_of(text, date(2026, 9, 22))}
    assert qs["said"] == "Hartwig said on Monday"
    assert qs["spent"].startswith("that the company had spent") and "said" not in qs["spent"]


def test_what_a_report_says_will_happen_is_not_dated_by_the_report():
    """'Labour will lodge an election petition, the party said on Monday' had 'lodge' occurred on Monday;
    'China will not accept it', 'will firmly retaliate' were negated / occurred on the day of the report."""
    ms = all_mentions_of("Labour will lodge an election petition, the party said on Monday.", date(2026, 3, 17))
    assert [m.trigger for m in ms if m.date_source != "timex"] == []
    ms = all_mentions_of("China said on Monday it would retaliate if Washington demands that Japan cut its trade.",
                         date(2025, 4, 22))
    assert {m.trigger for m in ms} == {"said"}
