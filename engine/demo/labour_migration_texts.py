"""The adopted text of Process E, the National Labour Migration Policy, by section key."""

from __future__ import annotations

AGENDA = {
    "issues": """\
Veloria's economy has changed faster than its rules on labour migration. Employers in \
agriculture, construction and care report more vacancies every year, while one worker in \
nine of working age lives abroad and sends money home.

Work permits take on average 74 days to issue, and most of that time is spent moving \
paper between three ministries.""",
    "drivers": """\
- an ageing workforce in the rural regions;
- a permit procedure designed for a few hundred foreign specialists a year, now handling \
several thousand applications;
- recruitment abroad left to private agencies with little oversight.""",
    "public_problem": """\
Left alone, the shortage of workers slows growth in the sectors that employ most people, \
and Velorians who leave to work abroad do so without knowing their rights. Only the \
Government can set the rules of admission and protect its citizens abroad.""",
    "mandate": """\
The Council of Ministers asked the Ministry of Home Affairs to lead a core group with the \
Ministry of Labour, the Ministry of Foreign Affairs and the National Statistical Office, and \
to present a policy within one year.""",
}

ANALYSIS = {
    "situation_analysis": """\
In 2024 the Ministry of Labour issued 4,100 work permits, 35 % of them within 30 days. \
About 180,000 Velorians work abroad, mostly in Estmark and the Gulf states.""",
    "legal_framework": """\
The Foreigners Act of 2011 governs admission and stay; the Labour Code applies to every \
worker on Velorian soil. No bilateral labour agreement was in force before this policy.""",
    "sectoral_policies": """\
The National Employment Strategy and the Diaspora Engagement Plan both touch labour \
migration; this policy links their measures rather than repeating them.""",
    "swot": """\
**Strengths:** a reliable permit register; a network of consulates in the main countries \
of destination.

**Weaknesses:** slow procedures split across ministries; no shortage list.

**Opportunities:** employers ready to co-finance training; partners' interest in \
bilateral agreements.

**Threats:** irregular recruitment channels; a downturn in the countries of destination.""",
    "evidence": """\
The policy rests on the permit register, the labour force survey and the consular records \
of Velorians abroad.""",
    "data_sources": """\
The permit register is complete and monthly; the labour force survey is yearly and counts \
emigrants only through their households.""",
    "data_gaps": """\
Nobody counts how many emigrating workers receive information before they leave: the \
policy creates that count.""",
    "rationale_vision": """\
By 2028, employers find the workers they need through a fast and fair procedure, and every \
Velorian who leaves to work abroad does so informed and protected.""",
    "objectives": """\
1. Faster and simpler work permits.
2. Emigrating workers leave informed and protected.""",
    "options": """\
The core group compared keeping the current procedure, a single agency for work permits, \
and one-stop shops run by the Ministry of Labour. One-stop shops were retained: they cost \
least and can open region by region.""",
}

INSTRUMENTS = {
    "instruments": """\
The policy combines a regulation, a yearly shortage list, orientation sessions and a \
bilateral agreement.""",
    "selection_criteria": """\
Instruments were chosen for their cost, the time they take to show results and the \
institutions able to carry them.""",
    "regulatory_instruments": """\
An amendment to the work-permit regulation lets the one-stop shops decide on applications \
themselves.""",
    "financial_instruments": """\
The State budget funds the one-stop shops; the Global Migration Partnership funds the \
shortage list for its first three years.""",
    "informational_instruments": """\
Pre-departure orientation sessions in every district, and a guide for workers in Estmark.""",
    "organisational_instruments": """\
A one-stop shop in the capital and in two regions, each with staff of the Ministry of \
Labour and of the Ministry of Home Affairs.""",
    "action_plan": """\
The measures, their responsible institutions, timeline and budget are in the table below.""",
    "implementation_arrangements": """\
The core group meets each quarter. Each responsible institution reports once a year on its \
measures; the Ministry of Home Affairs validates the period and presents the monitoring \
report to the Council of Ministers.""",
}

VALIDATION = {
    "consultation_process": """\
Employers' associations, trade unions and diaspora organisations were consulted in two \
rounds, on the issues paper and on the draft policy.""",
    "endorsement": """\
The four ministries of the core group endorsed the final text before it went to the \
Council of Ministers.""",
}
