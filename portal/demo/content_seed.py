# ruff: noqa: E501 - the demo copy is prose, kept one sentence per line
"""Demo knowledge library: sections, 31 items across every type, two playable simulations, a
curated collection per competency cluster, and consent records for the two people a story names.

Idempotent: the library index is found by its slug under the site root, sections and items by
slug under their parent, collections by slug; what exists is left alone (editors may have changed
it). At `scale` above 1, lightweight copies of the case studies and newsletters are added
(without revisions) so listings can be measured with about ten times the items.
"""

import random

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from content.models import (
    ArticlePage,
    Audience,
    CaseStudyPage,
    ConsentRecord,
    CuratedCollection,
    CuratedItem,
    LearningModulePage,
    LibraryIndexPage,
    LibraryPage,
    LibrarySectionPage,
    PlaybookPage,
    SimulationPage,
    StoryPerson,
    SuccessStoryPage,
)
from content.seed_paths import LIBRARY_SLUG
from content.services import ensure_publishing_workflow
from portal.demo import data
from portal.demo.media_seed import KIND_OF_TYPE, hero_for, module_media
from portal.people.models import Competency, CompetencyCluster, User
from portal.programmes.models import Cohort, Programme

SECTIONS = [
    ("case-studies", "Case studies", "Real dilemmas from leaders across the group, with what they did and what happened. Read one before a session and bring the discussion questions."),
    ("playbooks", "Mentor playbooks", "Step-by-step guides for each stage of a mentoring relationship, with honest time estimates."),
    ("simulations", "Scenario simulations", "Branching exercises: make the calls, see the consequences, compare your choices with everyone's."),
    ("stories", "Success stories", "Mentoring journeys told by the people who lived them, named only with their consent."),
    ("learning", "Micro-learning", "Ten-minute audio and video pieces with questions to reflect on privately."),
    ("news", "Newsletter & executive blog", "Programme news and leaders writing about what mentoring changed for them."),
]  # fmt: skip


# Where the modules linked before the demo had media files of its own (see _top_up).
OLD_STREAM_HOST = "https://stream.meridian.example/"


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# --- case studies ---------------------------------------------------------------------------------

CASES = [
    {
        "slug": "two-plants-one-budget",
        "title": "Two plants, one budget",
        "summary": "A new operations VP must close one of two plants; both managers are respected and both have a case.",
        "context": "A new vice president of operations in Industrial inherits two ageing plants 40 km apart",
        "competencies": [
            "decision-making-under-uncertainty",
            "stakeholder-influence",
            "financial-acumen",
        ],
        "minutes": 12,
        "sections": [
            (
                "context",
                "Rania had been in the role for eleven weeks when the capital plan landed: one of the two valve plants would get the new line, the other would wind down over three years. Each plant manager had run their site for over a decade and each had already briefed the works council.",
            ),
            (
                "dilemma",
                "The numbers favoured the northern plant by a small margin, but the southern plant had the better safety record and the stronger apprenticeship scheme. Whatever she chose, she would lose the trust of one respected manager in her first quarter.",
            ),
            (
                "action",
                "She asked both managers to build the case for the <em>other</em> plant, then walked both sites with the works council chair. She chose the northern plant and made the southern manager the lead for the three-year transition, with a retention bonus for his apprentices.",
            ),
            (
                "outcome",
                "The transition ran four months ahead of plan. The southern manager later said the request to argue for the other site was what made the decision feel fair, even though he disagreed with it.",
            ),
        ],
        "questions": [
            "What did asking each manager to argue the other side buy Rania, and what did it risk?",
            "Who else should she have spoken to before deciding?",
            "How would you have handled the works council briefings already made?",
        ],
    },
    {
        "slug": "the-pricing-call",
        "title": "The pricing call nobody wanted to make",
        "summary": "A consumer brand director has to raise prices 9% in a market where the leader is holding theirs.",
        "context": "A consumer brand in a price-sensitive market during an input-cost spike",
        "competencies": [
            "commercial-judgement",
            "customer-centricity",
            "decision-making-under-uncertainty",
        ],
        "minutes": 10,
        "sections": [
            (
                "context",
                "Input costs had risen 14% in two quarters. The brand's margin had fallen below the group's floor, and the category leader had publicly committed to holding its prices until year end.",
            ),
            (
                "dilemma",
                "Raising prices risked losing shelf space and share to the leader; holding them meant a margin the board would not accept for long, and cuts to the marketing budget that had built the brand.",
            ),
            (
                "action",
                "The director raised prices 6% on the core range, launched a smaller pack at the old price point, and held the marketing budget by cutting two low-margin lines. She briefed the top five retailers personally before the change.",
            ),
            (
                "outcome",
                "Share dipped 1.5 points for two quarters and recovered when the leader raised prices in the spring. Margin was back above the floor within the year.",
            ),
        ],
        "questions": [
            "Which signals would have told you to wait rather than move first?",
            "What made the personal retailer briefings worth the director's time?",
            "What would you have cut instead of the two product lines?",
        ],
    },
    {
        "slug": "the-reorganisation-rumour",
        "title": "The reorganisation rumour",
        "summary": "Word of a restructure leaks before the plan is final; a director must decide what to tell a worried team.",
        "context": "A shared-services finance team of 120 people, mid-way through a restructure design",
        "competencies": ["communication-and-storytelling", "leading-change", "ethical-leadership"],
        "minutes": 9,
        "sections": [
            (
                "context",
                "A draft organisation chart for the finance shared-services centre was left on a printer. By lunchtime, three team leads had asked the director whether their roles were going.",
            ),
            (
                "dilemma",
                "The design was not final and legal advice was to say nothing until consultation began. Saying nothing would look like confirmation; saying too much could create obligations and false hopes.",
            ),
            (
                "action",
                "The director called the whole team together that afternoon. She confirmed a redesign was being worked on, said which parts were undecided, gave the date consultation would start, and committed to a weekly update, even when there was nothing new.",
            ),
            (
                "outcome",
                "Two people resigned before consultation, fewer than HR had feared. In the exit survey a year later, the weekly updates were the most-cited reason people trusted the process.",
            ),
        ],
        "questions": [
            "Where is the line between transparency and premature commitment here?",
            "What would you have said to the three team leads before the all-hands?",
            "How do you keep a weekly update credible when nothing has changed?",
        ],
    },
    {
        "slug": "inheriting-a-star",
        "title": "Inheriting a star who wanted your job",
        "summary": "A newly appointed regional head manages the internal candidate who missed out on the role.",
        "context": "A regional sales organisation after an external appointment",
        "competencies": ["building-high-performing-teams", "coaching-others", "executive-presence"],
        "minutes": 8,
        "sections": [
            (
                "context",
                "Tomasz joined from outside as head of the Central Europe region. His strongest country manager had been the internal favourite for the job and had said so openly to her team.",
            ),
            (
                "dilemma",
                "She was essential to the year's numbers, and her team followed her lead. Treating her as a rival would split the region; deferring to her would undercut his authority before he had any.",
            ),
            (
                "action",
                "In their first meeting he said plainly that she should have been considered seriously and asked what she wanted from the next two years. He gave her the region's hardest key account and sponsored her for the group's accelerator programme.",
            ),
            (
                "outcome",
                "She was promoted to lead a neighbouring region eighteen months later and named Tomasz as her reference. He says the first conversation was the hardest ten minutes of his year.",
            ),
        ],
        "questions": [
            "Why might naming the disappointment directly have worked better than avoiding it?",
            "What risks did giving her the hardest account carry?",
            "What would you do if she had said she wanted his job in two years?",
        ],
    },
    {
        "slug": "the-data-that-said-no",
        "title": "When the data said no to the CEO's idea",
        "summary": "An analytics director finds that the chief executive's flagship initiative is not working.",
        "context": "A group-wide digital loyalty programme, eighteen months in",
        "competencies": ["data-informed-leadership", "stakeholder-influence", "ethical-leadership"],
        "minutes": 11,
        "sections": [
            (
                "context",
                "The loyalty app was the CEO's signature initiative, presented to investors twice. The analytics team's first proper cohort study found no lift in repeat purchases among members once selection effects were removed.",
            ),
            (
                "dilemma",
                "The director's own manager suggested presenting the findings as 'early and inconclusive'. Doing so would protect relationships; doing otherwise risked her standing with people who would decide her next role.",
            ),
            (
                "action",
                "She presented the full analysis to her manager first, then offered to present it jointly to the CEO with a proposal for a redesigned test rather than a verdict. She kept the method simple enough to explain on one slide.",
            ),
            (
                "outcome",
                "The CEO asked for the redesigned test and spoke about the finding at the next investor day as an example of the group 'measuring honestly'. The app was relaunched with a narrower offer.",
            ),
        ],
        "questions": [
            "How did framing the findings as a next test change the conversation?",
            "What would you have done if your manager had refused to take it further?",
            "What makes a one-slide method convincing to a sceptical executive?",
        ],
    },
    {
        "slug": "the-board-paper-rewrite",
        "title": "The board paper rewritten the night before",
        "summary": "A first-time board presenter sees her paper rewritten by the CFO hours before the meeting.",
        "context": "A subsidiary board meeting on a capital request",
        "competencies": [
            "board-and-investor-engagement",
            "executive-presence",
            "resilience-and-wellbeing",
        ],
        "minutes": 7,
        "sections": [
            (
                "context",
                "Leila had spent three weeks on the paper for a new distribution hub. At 9 pm the evening before the board, the CFO sent back a version with her recommendation softened and two options she had ruled out reinstated.",
            ),
            (
                "dilemma",
                "Presenting a paper she did not believe in would undermine her; challenging the CFO at that hour might look like she could not take direction.",
            ),
            (
                "action",
                "She called the CFO, asked what concern lay behind the changes, and agreed to present his version with one slide of her own: the reasons she had ruled the two options out, framed as questions for the board.",
            ),
            (
                "outcome",
                "The board approved the hub as she had first recommended. The CFO asked her to join his capital committee, and later told her mentor she had handled him well.",
            ),
        ],
        "questions": [
            "What did the phone call achieve that an email could not?",
            "When is it right to present a paper you disagree with?",
            "How would you prepare for a first board meeting now, knowing this?",
        ],
    },
]

# --- playbooks ------------------------------------------------------------------------------------

PLAYBOOKS = [
    {
        "slug": "your-first-meeting",
        "title": "Your first meeting as a mentor",
        "summary": "How to open a mentoring relationship so both of you know what it is for, in about an hour.",
        "stage": "first",
        "competencies": ["coaching-others", "self-awareness"],
        "steps": [
            (
                "Read the intake together",
                10,
                "Ask your mentee to talk you through their goals in their own words rather than reading them back.",
                ["Their two biggest goals", "What they have tried already"],
            ),
            (
                "Tell your own story briefly",
                10,
                "Five minutes on your path, including one thing that went wrong. It gives permission for honesty.",
                [],
            ),
            (
                "Agree how you will work",
                20,
                "Frequency, format, cancellations and what stays between you. Write it down in the shared notes.",
                ["Meeting rhythm", "Confidentiality", "How to reach each other"],
            ),
            (
                "Choose a first focus",
                15,
                "Pick one goal for the next six weeks. Small and concrete beats ambitious and vague.",
                ["One goal", "What would show progress"],
            ),
        ],
        "tip": "Send a two-line summary within a day. It sets the tone for the whole relationship.",
    },
    {
        "slug": "setting-goals-that-stick",
        "title": "Setting goals that stick",
        "summary": "Turn a mentee's broad ambitions into two or three goals you can both recognise progress on.",
        "stage": "goals",
        "competencies": ["coaching-others", "learning-agility"],
        "steps": [
            (
                "Start from the gap",
                15,
                "Compare the mentee's current and target levels from their intake. Ask which gap matters most in the next year and why.",
                [],
            ),
            (
                "Name the evidence",
                15,
                "For each goal ask: what would someone see you doing differently in six months?",
                ["Observable behaviour", "Who would notice"],
            ),
            (
                "Find a stretch assignment",
                20,
                "The best goals attach to real work: a project, a presentation, a negotiation already in the diary.",
                ["One live opportunity per goal"],
            ),
        ],
        "tip": "Three goals is the most anyone keeps in mind. If there are five, ask which two can wait.",
    },
    {
        "slug": "midpoint-review",
        "title": "Running the mid-point review",
        "summary": "A structured check-in halfway through a programme to renew, redirect or close the relationship.",
        "stage": "midpoint",
        "competencies": ["coaching-others", "building-high-performing-teams"],
        "steps": [
            (
                "Look back at the goals",
                15,
                "Go through each goal and rate progress together from 1 to 5, with one example each.",
                [],
            ),
            (
                "Ask what is not working",
                15,
                "Ask directly whether the sessions are useful and what should change. Mentees rarely volunteer this.",
                ["Session length", "Preparation", "Topics avoided"],
            ),
            (
                "Decide the second half",
                15,
                "Keep, change or replace each goal. Record it in the shared notes for the programme team.",
                [],
            ),
        ],
        "tip": "If the honest answer is that the pairing is not working, say so: the programme team can re-match without blame.",
    },
    {
        "slug": "when-it-gets-stuck",
        "title": "When the relationship gets stuck",
        "summary": "Cancelled sessions, polite conversations, no progress: how to get a stalled mentoring pair moving again.",
        "stage": "stuck",
        "competencies": ["coaching-others", "self-awareness", "resilience-and-wellbeing"],
        "steps": [
            (
                "Name the pattern",
                10,
                "Describe what you have noticed without blame: 'We have moved our last three sessions.'",
                [],
            ),
            (
                "Ask about the context",
                15,
                "Workload, a new boss, something at home. The stall is often not about the mentoring.",
                [],
            ),
            (
                "Reset the contract",
                20,
                "Agree a lighter rhythm or a sharper focus, or agree to pause with a date to talk again.",
                ["New rhythm", "One focus", "Restart date"],
            ),
        ],
        "tip": "A short walk instead of a meeting room often unlocks a stalled conversation.",
        "audience": Audience.MENTORS,
    },
    {
        "slug": "closing-well",
        "title": "Closing a mentoring relationship well",
        "summary": "End the formal relationship with a clear record of what changed and what comes next.",
        "stage": "closing",
        "competencies": ["coaching-others", "talent-and-succession"],
        "steps": [
            (
                "Review the journey",
                20,
                "Walk through the goals from the first meeting and what happened to each.",
                [],
            ),
            (
                "Capture what worked",
                15,
                "Ask what your mentee will keep doing. Write down one thing you learned as a mentor too.",
                [],
            ),
            (
                "Agree what happens next",
                10,
                "An occasional coffee, a sponsor introduction, or a clean end. All are fine if they are explicit.",
                ["Follow-up, if any", "Introductions promised"],
            ),
        ],
        "tip": "Ask your mentee whether they would mentor someone else next cycle. Many say yes.",
    },
    {
        "slug": "before-you-meet",
        "title": "Preparing before you meet your mentee",
        "summary": "Thirty minutes of preparation that makes the first meeting count.",
        "stage": "before",
        "competencies": ["coaching-others", "inclusive-leadership"],
        "steps": [
            (
                "Read their profile and intake",
                10,
                "Note their goals, their business unit and their time zone.",
                [],
            ),
            (
                "Check your assumptions",
                10,
                "Write down what you expect them to need, then put it away. You will compare later.",
                [],
            ),
            (
                "Prepare one question",
                10,
                "A genuine question about their work you would like answered, not a test.",
                [],
            ),
        ],
        "tip": "If your mentee is in another time zone, offer the slot that is easier for them first.",
        "audience": Audience.MENTORS,
    },
]

# --- simulations ----------------------------------------------------------------------------------

SIMULATIONS = [
    {
        "slug": "the-first-ninety-days",
        "title": "The first ninety days",
        "summary": "You have just become managing director of a struggling unit. Four decisions shape your first quarter.",
        "competencies": [
            "leading-change",
            "stakeholder-influence",
            "decision-making-under-uncertainty",
        ],
        "intro": "You are the new managing director of the Infrastructure unit's Northern region. Revenue is down 8% on last year, two of your six direct reports applied for your job, and the group COO expects a plan in ninety days.",
        "debrief": p(
            "New leaders are judged early on whether they listen before they act, and on whether their first visible decision is fair.",
            "Strong paths in this exercise spend the first weeks learning from the people closest to customers and make one early, symbolic change that signals direction without prejudging the plan.",
            "Weak paths move fast on structure before they understand the business, or avoid the hard conversation with the disappointed internal candidates.",
        ),
        "scenario": [
            (
                "situation",
                "week-one",
                "Week one",
                "Your calendar is empty apart from a welcome lunch. The COO has sent a one-line email: 'Looking forward to your plan.'",
                [
                    (
                        "Spend two weeks visiting sites and customers before any decisions",
                        "Site managers are surprised to see you so early; one tells you about a key customer about to leave.",
                        "the-candidates",
                    ),
                    (
                        "Commission a consultant review of the region's cost base",
                        "The review will take six weeks. Your team reads it as a sign that cuts are coming.",
                        "the-candidates",
                    ),
                    (
                        "Announce a new leadership structure in your first all-hands",
                        "The room goes quiet. Two direct reports learn about changes to their roles in public.",
                        "the-fallout",
                    ),
                ],
            ),
            (
                "situation",
                "the-candidates",
                "The two internal candidates",
                "Both direct reports who applied for your job are polite but guarded. One of them runs your largest customer account.",
                [
                    (
                        "Meet each privately and ask what they want from the next two years",
                        "Both are wary at first; one says she expected to be managed out and is relieved.",
                        "the-customer",
                    ),
                    (
                        "Leave it: they will come round once results improve",
                        "Within a month one of them is interviewing elsewhere, and her team knows it.",
                        "the-customer",
                    ),
                ],
            ),
            (
                "situation",
                "the-fallout",
                "The fallout",
                "One of the direct reports whose role changed has asked HR about a grievance. The COO has heard.",
                [
                    (
                        "Apologise for the way it was announced and reopen the design with the team",
                        "It costs you face, but the team starts talking to you about the real problems.",
                        "the-customer",
                    ),
                    (
                        "Stand firm: the structure is right",
                        "The grievance is filed. You spend the next month on process rather than the business.",
                        "ending-stalled",
                    ),
                ],
            ),
            (
                "situation",
                "the-customer",
                "The customer about to leave",
                "Your largest customer tells you they are going to tender. The account lead is one of the internal candidates.",
                [
                    (
                        "Go to the customer with the account lead and let her lead the meeting",
                        "The customer agrees to a ninety-day improvement plan. The account lead becomes your strongest ally.",
                        "ending-trusted",
                    ),
                    (
                        "Take over the account yourself",
                        "You save the contract, but the account lead resigns a month later.",
                        "ending-mixed",
                    ),
                ],
            ),
            (
                "ending",
                "ending-trusted",
                "A team that trusts you",
                "Your ninety-day plan is built with your team and lands well with the COO. The region grows 3% the following year.",
                "strong",
            ),
            (
                "ending",
                "ending-mixed",
                "Results, at a cost",
                "The numbers recover, but you lose a leader you needed and the team watches you closely.",
                "mixed",
            ),
            (
                "ending",
                "ending-stalled",
                "Stalled",
                "Ninety days pass in process. The COO asks for a plan by the end of the month and suggests a coach.",
                "weak",
            ),
        ],
    },
    {
        "slug": "the-difficult-feedback",
        "title": "Giving difficult feedback to a senior peer",
        "summary": "A respected peer's behaviour in meetings is hurting your joint project. Decide how to raise it.",
        "competencies": [
            "executive-presence",
            "communication-and-storytelling",
            "inclusive-leadership",
        ],
        "intro": "You co-lead a group-wide procurement programme with Marc, a respected peer from another business unit. In steering meetings he interrupts junior presenters and dismisses their analysis. Two of them have asked to leave the programme.",
        "debrief": p(
            "Feedback between peers works when it is specific, private first, and framed around a shared goal rather than character.",
            "Strong paths describe the behaviour and its effect, invite the peer's view, and agree something concrete. Escalating before speaking to the peer rarely improves the behaviour and usually damages the relationship.",
        ),
        "scenario": [
            (
                "situation",
                "the-request",
                "Two resignations from the programme",
                "Two analysts have asked to leave. One says she will not present to the steering group again while Marc is in the room.",
                [
                    (
                        "Ask Marc for a private coffee this week",
                        "He agrees, a little puzzled. You have two days to prepare.",
                        "the-conversation",
                    ),
                    (
                        "Raise it with his business-unit head",
                        "His head promises to 'have a word'. Marc hears about it second-hand.",
                        "the-escalation",
                    ),
                    (
                        "Change the format so analysts present in writing only",
                        "The analysts are relieved, but the problem is now hidden rather than solved.",
                        "ending-avoided",
                    ),
                ],
            ),
            (
                "situation",
                "the-conversation",
                "The conversation",
                "Over coffee Marc talks about the programme's deadline pressure. You have an opening.",
                [
                    (
                        "Describe two specific moments and what happened afterwards",
                        "Marc is quiet, then says nobody had told him. He asks what he should do differently.",
                        "the-follow-up",
                    ),
                    (
                        "Tell him people find him intimidating",
                        "He bristles: 'I hold people to a standard.' The conversation closes.",
                        "ending-defensive",
                    ),
                ],
            ),
            (
                "situation",
                "the-escalation",
                "Marc confronts you",
                "Marc asks why you went to his boss instead of him.",
                [
                    (
                        "Acknowledge it was the wrong order and explain the specifics",
                        "He is angry but listens. The relationship is bruised but workable.",
                        "the-follow-up",
                    ),
                    (
                        "Say it was his boss's job to handle",
                        "Marc stops copying you on programme emails.",
                        "ending-defensive",
                    ),
                ],
            ),
            (
                "situation",
                "the-follow-up",
                "The next steering meeting",
                "Marc is visibly trying. An analyst presents and he interrupts once, then stops himself.",
                [
                    (
                        "Thank him privately afterwards and ask how it felt",
                        "He says it was harder than he expected and asks you to signal if he slips.",
                        "ending-partners",
                    ),
                    (
                        "Say nothing: it is early days",
                        "Progress holds for a while, then slips back under deadline pressure.",
                        "ending-avoided",
                    ),
                ],
            ),
            (
                "ending",
                "ending-partners",
                "Partners",
                "The analysts stay, and Marc becomes an advocate for junior presenters in other programmes.",
                "strong",
            ),
            (
                "ending",
                "ending-avoided",
                "Quiet, not solved",
                "The meetings are calmer, but the analysts still avoid the steering group and the programme loses their insight.",
                "mixed",
            ),
            (
                "ending",
                "ending-defensive",
                "A defensive peer",
                "Marc's behaviour does not change and your working relationship suffers for the rest of the programme.",
                "weak",
            ),
        ],
    },
]

# --- success stories ------------------------------------------------------------------------------

STORIES = [
    {
        "slug": "from-plant-floor-to-boardroom",
        "title": "From the plant floor to the boardroom",
        "summary": "Daniel Hartmann mentored a plant director through her first year reporting to a subsidiary board.",
        "mentee": "A plant director in Industrial, new to board reporting",
        "mentor": "Daniel Hartmann, Vice President, Manufacturing",
        "competencies": ["board-and-investor-engagement", "executive-presence"],
        "named": [("daniel.hartmann", "Mentor")],
        "body": [
            (
                "paragraph",
                p(
                    "When she was asked to present quarterly results to the Industrial board, the plant director had never written a board paper. Daniel Hartmann had sat on the other side of that table for six years."
                ),
            ),
            (
                "quote",
                {
                    "quote": "He never told me what to say. He asked what the board would be worried about, and we worked backwards from there.",
                    "attribution": "The mentee",
                },
            ),
            (
                "paragraph",
                p(
                    "They met every three weeks for a year, rehearsing each paper and reviewing each meeting afterwards. By the third quarter she was leading the capital discussion."
                ),
            ),
            (
                "outcome",
                {
                    "figure": "4 of 4",
                    "description": "board papers approved first time in her first year",
                },
            ),
        ],
    },
    {
        "slug": "finding-a-voice-in-a-second-language",
        "title": "Finding a voice in a second language",
        "summary": "A finance director working in her third language learned to lead executive meetings with confidence.",
        "mentee": "A finance director in Corporate, working in her third language",
        "mentor": "An external expert in executive communication",
        "competencies": [
            "communication-and-storytelling",
            "executive-presence",
            "leading-across-cultures",
        ],
        "body": [
            (
                "paragraph",
                p(
                    "She knew the numbers better than anyone in the room but rarely spoke first. Her mentor suggested a simple rule: say the conclusion in one sentence before the analysis."
                ),
            ),
            (
                "quote",
                {
                    "quote": "I stopped translating my thoughts and started structuring them. The language followed.",
                    "attribution": "The mentee",
                },
            ),
            (
                "outcome",
                {
                    "figure": "Promoted",
                    "description": "to group financial controller eight months later",
                },
            ),
        ],
    },
    {
        "slug": "a-cross-unit-pair-that-worked",
        "title": "A cross-unit pair that should not have worked",
        "summary": "A consumer-brand mentee and an infrastructure mentor found that their different worlds were the point.",
        "mentee": "A marketing director in Consumer Brands",
        "mentor": "A programme director in Infrastructure",
        "competencies": ["stakeholder-influence", "commercial-judgement"],
        "body": [
            (
                "paragraph",
                p(
                    "On paper they had nothing in common: twelve-week campaigns against ten-year projects. The matching engine put them together because of her goal in stakeholder influence and his strength in it."
                ),
            ),
            (
                "paragraph",
                p(
                    "He showed her how infrastructure bids build coalitions across public and private stakeholders. She applied it to a retailer partnership that had stalled for a year."
                ),
            ),
            (
                "outcome",
                {
                    "figure": "+18%",
                    "description": "revenue from the retailer partnership in the following year",
                },
            ),
        ],
    },
    {
        "slug": "coming-back-from-burnout",
        "title": "Coming back from burnout",
        "summary": "How a mentoring relationship helped a senior manager return to work with boundaries that held.",
        "mentee": "A senior manager in Digital returning from extended leave",
        "mentor": "A director who had made the same return five years earlier",
        "competencies": ["resilience-and-wellbeing", "self-awareness"],
        "body": [
            (
                "paragraph",
                p(
                    "Returning after four months away, he worried that asking for a lighter schedule would end his career. His mentor had asked for the same thing and been promoted two years later."
                ),
            ),
            (
                "quote",
                {
                    "quote": "The most useful thing was hearing someone senior say: I protect my evenings, and nobody has ever complained.",
                    "attribution": "The mentee",
                },
            ),
            (
                "outcome",
                {
                    "figure": "12 months",
                    "description": "back at full responsibility, with no return of symptoms",
                },
            ),
        ],
        "audience": Audience.PROGRAMME,
    },
    {
        "slug": "the-shadowing-week",
        "title": "The shadowing week that changed a career plan",
        "summary": "Two days shadowing a chief operating officer convinced one mentee to move from finance into operations.",
        "mentee": "A finance manager in the Emerging Leaders Circle",
        "mentor": "Priya Raman, Founding Partner, Raman Leadership Advisory",
        "competencies": ["learning-agility", "transformation-delivery"],
        "named": [("priya.raman", "Mentor")],
        "body": [
            (
                "paragraph",
                p(
                    "The Emerging Leaders Circle includes two days of shadowing. Priya Raman arranged for her mentee to shadow a client's chief operating officer during a plant consolidation."
                ),
            ),
            (
                "paragraph",
                p(
                    "He came back with a list of questions and, six months later, an application for an operations finance role."
                ),
            ),
            (
                "outcome",
                {"figure": "1 move", "description": "from finance into operations leadership"},
            ),
        ],
    },
    {
        "slug": "building-a-bench",
        "title": "Building a bench: a mentor's view",
        "summary": "A vice president reflects on mentoring four successors over three cycles of the accelerator.",
        "mentee": "Four senior directors over three programme cycles",
        "mentor": "A vice president in Corporate",
        "competencies": ["talent-and-succession", "coaching-others"],
        "body": [
            (
                "paragraph",
                p(
                    "Mentoring four people over three cycles taught him more about his own leadership than any course. Each mentee brought a different gap and he had to change his style for each."
                ),
            ),
            (
                "outcome",
                {
                    "figure": "3 of 4",
                    "description": "mentees now in roles on the group succession plan",
                },
            ),
        ],
    },
]

# --- micro-learning -------------------------------------------------------------------------------

MODULES = [
    {
        "slug": "listening-for-what-is-not-said",
        "title": "Listening for what is not said",
        "summary": "Six minutes on noticing hesitation, changes of subject and the question behind the question.",
        "competencies": ["coaching-others", "self-awareness"],
        "kind": "audio",
        "minutes": 6,
        "text": "Listen once for content and once for tone. Notice where the speaker hesitates or changes the subject.",
        "prompts": [
            (
                "When did someone last change the subject on you, and what were they avoiding?",
                "Think of the moment, not the topic.",
            ),
            ("What will you listen for in your next mentoring session?", ""),
        ],
    },
    {
        "slug": "the-one-page-strategy",
        "title": "The one-page strategy",
        "summary": "A short video on fitting a strategy onto one page: where to play, how to win, what not to do.",
        "competencies": ["strategic-thinking", "vision-and-purpose"],
        "kind": "video",
        "minutes": 9,
        "text": "A strategy that does not fit on a page is usually a list of activities. Try the three boxes in the worksheet.",
        "prompts": [
            ("Write your unit's strategy in three sentences. What did you leave out?", ""),
            ("Which 'what not to do' would be hardest for your team to accept?", ""),
        ],
    },
    {
        "slug": "reading-a-balance-sheet-in-ten-minutes",
        "title": "Reading a balance sheet in ten minutes",
        "summary": "For non-finance leaders: the five numbers to look at first and the questions they raise.",
        "competencies": ["financial-acumen"],
        "kind": "video",
        "minutes": 10,
        "text": "Working capital, net debt, cash conversion, return on capital and the one line that changed most since last year.",
        "prompts": [
            (
                "Which of the five numbers do you understand least for your own unit?",
                "Ask your mentor or your finance partner about it this month.",
            )
        ],
    },
    {
        "slug": "inclusive-meetings",
        "title": "Running inclusive meetings",
        "summary": "Practical habits that bring quieter and remote voices into decisions.",
        "competencies": ["inclusive-leadership", "leading-across-cultures"],
        "kind": "audio",
        "minutes": 7,
        "text": "Send the question before the meeting, ask remote participants first, and close with a round rather than an open floor.",
        "prompts": [
            ("Whose voice was missing from the last decision your team made?", ""),
            ("Which habit will you try this week?", ""),
        ],
        "audience": Audience.COHORT,
    },
    {
        "slug": "deciding-with-incomplete-information",
        "title": "Deciding with incomplete information",
        "summary": "How experienced executives decide when the data will never be complete.",
        "competencies": ["decision-making-under-uncertainty", "risk-and-governance"],
        "kind": "slides",
        "minutes": 8,
        "text": "Separate reversible from irreversible decisions, set a date to decide, and name the evidence that would change your mind.",
        "prompts": [
            ("Which decision are you delaying because the data is incomplete?", "Is it reversible?")
        ],
    },
]

# --- newsletters and blog -------------------------------------------------------------------------

ARTICLES = [
    (
        "newsletter",
        "spring-cycle-opens",
        "The spring cycle is open",
        "Applications for the Executive Leadership Accelerator and the Emerging Leaders Circle open this month.",
        "Sofia Lindqvist, Head of Leadership Development",
        ["talent-and-succession"],
        [
            (
                "paragraph",
                p(
                    "Both programmes open for applications this month. This cycle the Accelerator takes six mentees per region and the Circle runs mixed-unit groups of eight.",
                    "If you applied last cycle and were not placed, you are first on this cycle's list: you do not need to apply again.",
                ),
            ),
            ("heading", "What is new"),
            (
                "paragraph",
                p(
                    "Mentors can now record their strengths directly in their profile, and mentees see why each mentor is suggested."
                ),
            ),
        ],
        Audience.MEMBERS,
    ),
    (
        "newsletter",
        "what-we-learned-from-last-cycle",
        "What we learned from last cycle",
        "Sixty-two pairs finished last cycle. Here is what worked, what did not, and what we are changing.",
        "The Lodestar programme team",
        ["leading-change"],
        [
            (
                "paragraph",
                p(
                    "Pairs who met at least monthly were three times as likely to report progress on all their goals. Pairs across business units rated the experience higher than pairs within one."
                ),
            ),
            (
                "quote",
                {
                    "quote": "The mid-point review was the session that changed things for us.",
                    "attribution": "A mentor in Digital",
                },
            ),
            (
                "paragraph",
                p("This cycle every pair gets a mid-point review prompt in week twelve."),
            ),
        ],
        Audience.MEMBERS,
    ),
    (
        "newsletter",
        "mentor-community-update",
        "Mentor community update",
        "New playbooks, the mentor forum's most useful threads, and the dates for mentor calibration sessions.",
        "Tomás Alvarez, Community Manager",
        ["coaching-others"],
        [
            (
                "paragraph",
                p(
                    "Two new playbooks are in the library: preparing before your first meeting, and what to do when a relationship stalls."
                ),
            ),
            (
                "paragraph",
                p("Calibration sessions for mentors run on the first Thursday of each month."),
            ),
        ],
        Audience.MENTORS,
    ),
    (
        "blog",
        "why-i-still-have-a-mentor",
        "Why I still have a mentor",
        "The group's Chief People Officer on why senior leaders need mentors more, not less.",
        "James Whitfield, Chief People Officer",
        ["self-awareness", "learning-agility"],
        [
            (
                "paragraph",
                p(
                    "The higher you go, the less honest feedback you get. My mentor is the one person who tells me when a meeting went badly."
                ),
            ),
            (
                "paragraph",
                p(
                    "I meet her every six weeks. We rarely talk about people strategy; we talk about how I show up."
                ),
            ),
        ],
        Audience.MEMBERS,
    ),
    (
        "blog",
        "the-case-for-cross-unit-pairs",
        "The case for cross-unit pairs",
        "Why Lodestar's matching never pairs people from the same business unit in the Accelerator.",
        "Sofia Lindqvist, Head of Leadership Development",
        ["stakeholder-influence", "leading-across-cultures"],
        [
            (
                "paragraph",
                p(
                    "A mentor from your own unit knows your politics, which is exactly why they can be less useful: they are part of them."
                ),
            ),
            (
                "paragraph",
                p("Cross-unit pairs build the informal network that enterprise leaders rely on."),
            ),
        ],
        Audience.MEMBERS,
    ),
    (
        "blog",
        "accelerator-cohort-letter",
        "A letter to this year's Accelerator cohort",
        "The programme sponsor on what the next twelve months will ask of you.",
        "James Whitfield, Chief People Officer",
        ["vision-and-purpose"],
        [
            (
                "paragraph",
                p(
                    "You were chosen because the group needs you in bigger roles within three years. This programme is the start of that conversation, not a reward."
                ),
            ),
        ],
        Audience.PROGRAMME,
    ),
]

# --- curated collections (one per cluster) --------------------------------------------------------

COLLECTIONS = {
    "strategic-leadership": ("Deciding at the top", "Cases and exercises on strategy and decisions when the data is incomplete."),
    "leading-change": ("Leading through change", "What it takes to lead a team through a reorganisation or a new mandate."),
    "commercial-and-financial": ("Numbers for leaders", "The financial and commercial judgement every executive needs."),
    "influence-and-relationships": ("Influence without authority", "Working with boards, peers and stakeholders you do not manage."),
    "leading-people": ("Mentoring well", "Playbooks and stories for mentors at every stage."),
    "personal-leadership": ("Leading yourself", "Resilience, self-awareness and learning from experience."),
}  # fmt: skip


# --- building -------------------------------------------------------------------------------------


@transaction.atomic
def seed_content(scale: int, rng: random.Random) -> None:
    """Create (or top up) the demo library. See the module docstring."""
    ensure_publishing_workflow()
    index = _library_index()
    sections = {slug: _section(index, slug, title, intro) for slug, title, intro in SECTIONS}
    competencies = {c.slug: c for c in Competency.objects.all()}
    audiences = _audiences()
    consents = _consents()

    for case in CASES:
        body = [(kind, {"body": p(text)}) for kind, text in case["sections"]]
        body.append(
            (
                "discussion",
                {"intro": "Take these into your next session.", "questions": case["questions"]},
            )
        )
        _item(sections["case-studies"], CaseStudyPage, case["slug"], competencies, case["competencies"], audiences, None,
              title=case["title"], summary=case["summary"], minutes=case["minutes"],
              organisation_context=case["context"], body=body)  # fmt: skip
    for book in PLAYBOOKS:
        body = [
            (
                "step",
                {"title": title, "minutes": minutes, "guidance": p(text), "checklist": checklist},
            )
            for title, minutes, text, checklist in book["steps"]
        ]
        body.append(("tip", {"text": book["tip"]}))
        _item(sections["playbooks"], PlaybookPage, book["slug"], competencies, book["competencies"], audiences,
              book.get("audience"), title=book["title"], summary=book["summary"], stage=book["stage"],
              minutes=sum(step[1] for step in book["steps"]), body=body)  # fmt: skip
    for sim in SIMULATIONS:
        _item(sections["simulations"], SimulationPage, sim["slug"], competencies, sim["competencies"], audiences,
              None, title=sim["title"], summary=sim["summary"], intro=sim["intro"], debrief=sim["debrief"],
              minutes=15, scenario=_scenario(sim["scenario"]))  # fmt: skip
    for story in STORIES:
        _item(sections["stories"], SuccessStoryPage, story["slug"], competencies, story["competencies"],
                     audiences, story.get("audience"), title=story["title"], summary=story["summary"],
                     mentee_description=story["mentee"], mentor_description=story["mentor"], minutes=5,
                     body=story["body"], named=[(consents[local], role) for local, role in story.get("named", [])])  # fmt: skip
    for module in MODULES:
        body = [
            ("media", {"kind": module["kind"], **module_media(module["slug"], module["title"]),
                       "minutes": module["minutes"], "transcript": module["text"]}),
            ("paragraph", p(module["text"])),
            *[("prompt", {"prompt": prompt, "hint": hint}) for prompt, hint in module["prompts"]],
        ]  # fmt: skip
        fmt = {"audio": "listen", "video": "watch", "slides": "read"}[module["kind"]]
        _item(sections["learning"], LearningModulePage, module["slug"], competencies, module["competencies"],
              audiences, module.get("audience"), title=module["title"], summary=module["summary"],
              minutes=module["minutes"] + 5, content_format=fmt, body=body,
              hero_kind=module["kind"])  # fmt: skip
    for kind, slug, title, summary, byline, tags, body, audience in ARTICLES:
        _item(sections["news"], ArticlePage, slug, competencies, tags, audiences, audience, title=title,
              summary=summary, kind=kind, byline=byline, body=body, minutes=4)  # fmt: skip
    _collections(competencies)
    _communications_drafts(sections["news"])
    _practice_runs(rng)
    if scale > 1:
        _scale_copies(sections, scale, rng)


# Mei's work in progress (README): one newsletter with the moderators, one still a draft, so her
# dashboard and home show drafts and their review state, and Tomás has an item to review.
COMMUNICATIONS_DRAFTS = [
    ("autumn-cycle-preview", "A first look at the autumn cycle", True,
     "Dates, seats and what changes for mentors in the autumn cycle."),
    ("mentor-of-the-quarter", "Mentor of the quarter", False,
     "A portrait of the mentor whose mentees asked for her again."),
]  # fmt: skip


def _communications_drafts(news: Page) -> None:
    """Idempotent: a draft already there (by slug) is left as it is, wherever it stands."""
    author = User.objects.filter(email=f"mei.chen@{data.COMPANY_DOMAIN}").first()
    if author is None:
        return
    for slug, title, send_for_review, summary in COMMUNICATIONS_DRAFTS:
        if ArticlePage.objects.child_of(news).filter(slug=slug).exists():
            continue
        image, alt = hero_for(slug, title, KIND_OF_TYPE["articlepage"], 0)
        draft = ArticlePage(
            slug=slug, title=title, summary=summary, kind=ArticlePage.Kind.NEWSLETTER,
            byline="Mei Chen, Internal Communications", minutes=3, owner=author, live=False,
            body=[("paragraph", p(summary))], card_image=image, card_image_alt=alt,
        )  # fmt: skip
        news.add_child(instance=draft)
        draft.save_revision(user=author)
        if send_for_review:
            draft.get_workflow().start(draft, author)


def _library_index() -> LibraryIndexPage:
    site = Site.objects.get(is_default_site=True)
    root = site.root_page
    existing = LibraryIndexPage.objects.child_of(root).filter(slug=LIBRARY_SLUG).first()
    if existing:
        return existing
    index = LibraryIndexPage(
        title="Knowledge library",
        slug=LIBRARY_SLUG,
        intro="Cases, playbooks, simulations and stories from leaders across Meridian Group, "
        "tagged by the competencies you are growing.",
    )
    root.add_child(instance=index)
    index.save_revision().publish()
    return index


def _section(index: Page, slug: str, title: str, intro: str) -> LibrarySectionPage:
    existing = LibrarySectionPage.objects.child_of(index).filter(slug=slug).first()
    if existing:
        return existing
    section = LibrarySectionPage(title=title, slug=slug, intro=intro)
    index.add_child(instance=section)
    section.save_revision().publish()
    return section


def _audiences() -> dict:
    programme = Programme.objects.filter(slug="executive-leadership-accelerator").first()
    cohort = (
        Cohort.objects.filter(cycle__programme__slug="emerging-leaders-circle")
        .order_by("-cycle__starts_on", "name")
        .first()
    )
    return {
        Audience.PROGRAMME: {"audience_programme": programme} if programme else None,
        Audience.COHORT: {"audience_cohort": cohort} if cohort else None,
    }


def _consents() -> dict[str, ConsentRecord]:
    records = {}
    for local in ("daniel.hartmann", "priya.raman"):
        user = User.objects.filter(email=f"{local}@{data.COMPANY_DOMAIN}").first()
        if user is None:
            continue
        records[local], _ = ConsentRecord.objects.get_or_create(
            person=user,
            withdrawn_at=None,
            defaults={"evidence": "Signed release form, filed by Mei Chen (Communications)"},
        )
    return records


def _scenario(nodes) -> list:
    blocks = []
    for node in nodes:
        if node[0] == "situation":
            _, key, title, narrative, choices = node
            blocks.append(("situation", {
                "key": key, "title": title, "narrative": p(narrative),
                "choices": [{"label": label, "consequence": consequence, "leads_to": target}
                            for label, consequence, target in choices],
            }))  # fmt: skip
        else:
            _, key, title, outcome, verdict = node
            blocks.append(
                ("ending", {"key": key, "title": title, "outcome": p(outcome), "verdict": verdict})
            )
    return blocks


def _palettes() -> dict[str, int]:
    """Each item's position in its section's list: consecutive palettes spread the colours."""
    lists = [[c["slug"] for c in CASES], [b["slug"] for b in PLAYBOOKS],
             [s["slug"] for s in SIMULATIONS], [s["slug"] for s in STORIES],
             [m["slug"] for m in MODULES], [a[1] for a in ARTICLES]]  # fmt: skip
    return {slug: n for slugs in lists for n, slug in enumerate(slugs)}


def _item(section, model, slug, competencies, tags, audiences, audience, named=(), hero_kind=None,
          **fields):  # fmt: skip
    kind = hero_kind or KIND_OF_TYPE[model._meta.model_name]
    existing = model.objects.child_of(section).filter(slug=slug).first()
    if existing:
        _top_up(existing, kind, fields)
        return existing
    extra = audiences.get(audience)
    if audience in audiences and extra is None:
        audience = None  # the programme or cohort does not exist in this database: keep it open
    image, alt = hero_for(slug, fields["title"], kind, _palettes().get(slug, 0))
    page = model(slug=slug, audience=audience or Audience.MEMBERS, **(extra or {}), **fields,
                 card_image=image, card_image_alt=alt)  # fmt: skip
    page.competencies = [competencies[tag] for tag in tags if tag in competencies]
    for consent, role in named:
        page.named_people.add(StoryPerson(consent=consent, role_in_story=role))
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def _top_up(page: LibraryPage, kind: str, fields: dict) -> None:
    """Give an item seeded before pictures and media existed its hero and playable media, as a
    new published revision (so the editor's next draft keeps them). Items that have an image,
    or media that is not the old made-up stream link, are left as they are."""
    changed = False
    if not page.card_image_id:
        page.card_image, page.card_image_alt = hero_for(
            page.slug, page.title, kind, _palettes().get(page.slug, 0)
        )
        changed = True
    if isinstance(page, LearningModulePage) and any(
        block.block_type == "media" and OLD_STREAM_HOST in (block.value.get("link") or "")
        for block in page.body
    ):
        page.body = fields["body"]
        changed = True
    if changed:
        page.save_revision().publish()


def _collections(competencies) -> None:
    for cluster in CompetencyCluster.objects.all():
        title, intro = COLLECTIONS.get(
            cluster.slug, (cluster.name, cluster.description or cluster.name)
        )
        collection, created = CuratedCollection.objects.get_or_create(
            slug=f"collection-{cluster.slug}",
            defaults={"title": title, "intro": intro, "cluster": cluster},
        )
        if not created:
            continue
        items = (
            LibraryPage.objects.live()
            .filter(competencies__cluster=cluster, audience=Audience.MEMBERS)
            .distinct()
            .order_by("pk")[:4]
        )
        for order, page in enumerate(items):
            CuratedItem.objects.create(collection=collection, page=page, sort_order=order)


def _practice_runs(rng: random.Random, players: int = 14) -> None:
    """Finished runs by demo mentees, so a debrief shows everyone's choices (5+ players)."""
    from content.services import choose, start_run

    mentees = list(User.objects.filter(groups__name="Mentee").exclude(email__startswith="amara.")
                   .order_by("pk")[:players])  # fmt: skip
    for simulation in SimulationPage.objects.live():
        if simulation.runs.exists():
            continue
        for mentee in mentees:
            run = start_run(mentee, simulation)
            while not run.is_finished:
                _, situation = simulation.nodes()[run.current_key]
                run = choose(run, rng.choice(situation["choices"].bound_blocks).id)


def _scale_copies(sections, scale: int, rng: random.Random) -> None:
    """About ten times the items for benchmarks: copies of cases and newsletters, no revisions."""
    wanted = (scale - 1) * (
        len(CASES) + len(ARTICLES) + len(PLAYBOOKS) + len(STORIES) + len(MODULES)
    )
    existing = LibraryPage.objects.filter(slug__startswith="more-").count()
    competencies = list(Competency.objects.all())
    now = timezone.now()
    for n in range(existing, wanted):
        case = CASES[n % len(CASES)]
        page = CaseStudyPage(
            title=f"{case['title']} (edition {n // len(CASES) + 2})",
            slug=f"more-{n}",
            summary=case["summary"],
            organisation_context=case["context"],
            minutes=case["minutes"],
            body=[(kind, {"body": p(text)}) for kind, text in case["sections"]]
            + [("discussion", {"intro": "", "questions": case["questions"]})],
            first_published_at=now,
            last_published_at=now,
        )
        page.competencies = rng.sample(competencies, 2)
        sections["case-studies"].add_child(instance=page)
