"""Gate lines, engine errors and history read naturally in fr, es, pt and ru."""

from __future__ import annotations

from datetime import date

import pytest

from engine.catalog import definition_of
from engine.errors import InvalidInput, NotFound
from engine.event_text import describe
from engine.gates import EVALUATORS, GateContext, evaluate_gate
from engine.i18n import Items, LocalizedText, Message, from_data, msg, nmsg, render, to_data
from engine.services import audit, deliverables, members, transitions
from engine.services.inputs import a_date
from engine.services.loading import get_process
from engine.workflows import Condition, Params


def institutions_line(session, process, minimum):
    """The 'institutions represented' line for a gate asking for ``minimum`` of them."""
    definition = definition_of(process)
    context = GateContext(session, process, definition, definition.stage(process.state),
                          date.today())
    condition = Condition("min_institutions", "min_institutions", Params({"min": minimum}))
    return EVALUATORS["min_institutions"](context, condition)


def test_english_stays_what_the_engine_always_said(db_session, make_process):
    process = make_process()
    checks = {c.key: c for c in evaluate_gate(db_session, process)}
    check = checks["min_institutions"]
    assert check.message == (
        "1 of 2 required institutions represented in the core group; add members from 1 more."
    )
    assert render(check.msg, "en") == check.message
    assert check.as_dict()["message_key"] == check.msg.key


def test_a_checklist_line_in_four_languages_singular_and_plural(
    db_session, make_process, add_member
):
    process = make_process()
    one = institutions_line(db_session, process, 1)
    assert one.ok
    assert render(one.msg, "fr") == "1 institution représentée dans le groupe de travail."
    assert render(one.msg, "es") == "1 institución representada en el grupo de trabajo."
    assert render(one.msg, "pt") == "1 instituição representada no grupo de trabalho."
    assert render(one.msg, "ru") == "В рабочей группе представлено 1 учреждение."
    add_member(process, "core")
    add_member(process, "core")
    three = institutions_line(db_session, process, 1)
    assert render(three.msg, "fr") == "3 institutions représentées dans le groupe de travail."
    assert render(three.msg, "es") == "3 instituciones representadas en el grupo de trabajo."
    assert render(three.msg, "pt") == "3 instituições representadas no grupo de trabalho."
    assert render(three.msg, "ru") == "В рабочей группе представлены 3 учреждения."
    for _ in range(2):
        add_member(process, "core")
    five = institutions_line(db_session, process, 1)
    assert render(five.msg, "ru") == "В рабочей группе представлено 5 учреждений."
    short = institutions_line(db_session, process, 7)
    assert render(short.msg, "fr") == (
        "Institutions représentées dans le groupe de travail : 5 sur 7 requises ; "
        "encore 2 à associer."
    )


def test_a_missing_list_is_joined_the_way_each_language_joins_lists():
    line = nmsg("%(done)s of %(count)s required deliverable accepted; missing: %(missing)s.",
                "%(done)s of %(count)s required deliverables accepted; missing: %(missing)s.",
                3, done=2, missing=Items([msg("SWOT analysis")]))
    assert line.english() == "2 of 3 required deliverables accepted; missing: SWOT analysis."
    assert render(line, "fr") == (
        "Livrables requis acceptés : 2 sur 3 ; manquent : Analyse SWOT."
    )
    two = Message(line.key, {**line.params, "done": 1,
                             "missing": Items([msg("SWOT analysis"), msg("Vision")])},
                  line.plural, 3)
    assert two.english() == "1 of 3 required deliverables accepted; missing: SWOT analysis, Vision."
    assert render(two, "es") == (
        "Entregables obligatorios aceptados: 1 de 3; faltan: Análisis FODA y Visión."
    )
    assert render(two, "pt") == "Produtos obrigatórios aceites: 1 de 3; em falta: Análise SWOT e Visão."
    assert render(two, "ru") == (
        "Принято обязательных документов: 1 из 3; не хватает: SWOT-анализ и Видение."
    )


def test_the_all_done_line_says_one_thing_for_one_and_another_for_several():
    def done(count):  # as the consultations_held gate builds it
        if count == 1:
            return msg("The required consultation was held.")
        return nmsg("All %(count)s required consultation held.",
                    "All %(count)s required consultations held.", count)

    assert done(1).english() == "The required consultation was held."
    assert done(4).english() == "All 4 required consultations held."
    assert render(done(1), "fr") == "La consultation requise a été tenue."
    assert render(done(4), "fr") == "Les 4 consultations requises ont été tenues."
    assert render(done(1), "es") == "Se realizó la consulta obligatoria."
    assert render(done(4), "es") == "Se realizaron las 4 consultas obligatorias."
    assert render(done(1), "pt") == "A consulta obrigatória foi realizada."
    assert render(done(4), "pt") == "As 4 consultas obrigatórias foram realizadas."
    assert render(done(1), "ru") == "Обязательная консультация проведена."
    assert render(done(3), "ru") == "Проведены все 3 обязательные консультации."
    assert render(done(21), "ru") == "Проведена 21 обязательная консультация."
    assert render(done(6), "ru") == "Проведены все 6 обязательных консультаций."


def test_vocabulary_labels_inside_a_line_are_translated_and_lowercased():
    line = msg("Groups not yet reached: %(groups)s.",
               groups=Items([msg("Civil society"), msg("Diaspora")], lower=True))
    assert line.english() == "Groups not yet reached: civil society, diaspora."
    assert render(line, "fr") == "Groupes pas encore atteints : société civile et diaspora."
    assert render(line, "ru") == "Ещё не охвачены группы: гражданское общество и диаспора."


def test_a_domain_error_keeps_its_english_text_and_renders_in_french(db_session, make_user):
    stranger = make_user()
    with pytest.raises(NotFound) as caught:
        get_process(db_session, stranger, 999_999)
    assert caught.value.message == "No such process."
    assert render(caught.value.msg, "fr") == "Processus introuvable."

    with pytest.raises(InvalidInput) as caught:
        a_date("31/12/2026", "due_on")
    error = caught.value
    assert error.message == "due_on must be a date (YYYY-MM-DD)."
    assert error.details == {"due_on": "must be a date YYYY-MM-DD"}
    assert render(error.msg, "fr") == "Le champ due_on doit être une date (AAAA-MM-JJ)."
    assert render(error.detail_messages["due_on"], "fr") == "doit être une date AAAA-MM-JJ"


def test_a_refused_transition_explains_itself_in_french(db_session, make_process):
    process = make_process()
    with pytest.raises(transitions.GateNotMet) as caught:
        transitions.fire(db_session, process.lead.user, process, "advance", note="")
    error = caught.value
    assert error.message.startswith("The gate of Agenda setting is not met: ")
    french = render(error.msg, "fr")
    assert french.startswith("Les conditions de passage de l'étape ")
    assert "conditions sur" in french and "ne sont pas satisfaites." in french
    failing = error.details["failing"][0]
    assert {"message", "message_key", "params"} <= set(failing)


def test_history_renders_from_kind_and_data_in_french(db_session, make_process, add_member):
    process = make_process()
    lead = process.lead.user
    add_member(process, "expert")
    item = deliverables.create_deliverable(db_session, lead, process, stage="agenda_setting",
                                           kind="swot", title="SWOT of labour migration")
    deliverables.update_deliverable(db_session, lead, item, status="submitted")
    definition = definition_of(process)
    titles = {s.key: s.title for s in definition.stages}
    events = {e.kind: e for e in audit.history(db_session, process)}

    joined = events["member.added"]
    assert describe(joined, titles).english() == joined.summary
    assert render(describe(joined, titles), "fr").endswith(
        " a rejoint le processus comme expert pour " + joined.data["institution"]
    )
    status = events["deliverable.status"]
    assert describe(status, titles).english() == status.summary
    assert render(describe(status, titles), "fr") == (
        "Livrable « SWOT of labour migration » : brouillon → soumis"
    )
    started = events["process.started"]
    assert render(describe(started, titles), "es").startswith(
        "Proceso «National migration policy» iniciado con el flujo de trabajo "
    )


def test_old_events_and_unknown_kinds_fall_back_to_their_stored_summary(
    db_session, make_process
):
    process = make_process()
    lead = process.lead.user
    old = audit.record(db_session, lead, "member.added", "Ada joined as expert for Statistics",
                       process=process, data={"email": "ada@example.org"})
    odd = audit.record(db_session, lead, "something.new", "Something new happened",
                       process=process)
    assert render(describe(old), "fr") == "Ada joined as expert for Statistics"
    assert render(describe(odd), "ru") == "Something new happened"


def test_a_handover_is_told_from_its_data(db_session, make_process, add_member):
    process = make_process()
    core = add_member(process, "core")
    members.hand_over_lead(db_session, process.lead.user, process, core.id)
    event = audit.history(db_session, process, kind="member.lead_handed_over")[0]
    assert describe(event).english() == event.summary
    assert render(describe(event), "pt") == (
        f"Função de responsável transferida de Lead Person para {core.user.name}"
    )


def test_messages_survive_storage_as_data():
    line = nmsg("%(count)s blocking comment open: %(comments)s.",
                "%(count)s blocking comments open: %(comments)s.", 2,
                comments=Items([msg("“%(excerpt)s” on %(section)s by %(author)s (comment #%(id)s)",
                                    excerpt="Figures", section=LocalizedText("Vision", {"fr": "Vision"}),
                                    author="Ada", id=7), "another"]))
    stored = to_data(line)
    assert from_data(stored) == line
    assert render(from_data(stored), "fr") == render(line, "fr")
    assert render(line, "fr").startswith("2 commentaires bloquants ouverts : « Figures » sur Vision")


def test_localized_text_falls_back_to_english():
    title = LocalizedText("Agenda setting", {"fr": "Mise à l'agenda"})
    assert title == "Agenda setting"
    assert title.get("fr_FR") == "Mise à l'agenda"
    assert title.get("ru") == "Agenda setting"
    assert render(msg("Target date of %(stage)s removed", stage=title), "fr") == (
        "Date cible de l'étape Mise à l'agenda supprimée"
    )
