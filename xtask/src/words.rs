//! The fixed vocabulary of the synthetic corpus.
//!
//! Filler prose is built only from the lists marked *neutral*: they hold no digit and none of the words that
//! make the cited checker treat a sentence as a claim (see `EVIDENTIAL`), so a filler sentence never needs a
//! citation. A unit test enforces that. Claims are built separately, from reference findings.

/// Words and phrases that make a sentence a claim for the cited checker (by default). Filler must contain
/// none of these, not even inside a longer word ("brisk" holds "risk", "profound" holds "found").
#[cfg(test)]
pub const EVIDENTIAL: &[&str] = &[
    "research",
    "study",
    "studies",
    "evidence",
    "according to",
    "found",
    "shown to",
    "associated with",
    "effective",
    "review",
    "trial",
    "data",
    "researchers",
    "linked to",
    "likely",
    "risk",
    "suggests",
    "meta-analysis",
    "proven",
];

// ---- neutral lists (filler prose, headings, titles, tables, checklists) ----

pub const PEOPLE: &[&str] = &[
    "people",
    "adults",
    "parents",
    "older adults",
    "young people",
    "carers",
    "families",
    "readers",
    "teenagers",
    "new parents",
    "shift workers",
    "students",
];

pub const PERSON: &[&str] = &[
    "doctor",
    "nurse",
    "pharmacist",
    "therapist",
    "midwife",
    "dentist",
    "health visitor",
    "care team",
    "physiotherapist",
    "dietitian",
];

pub const TOPICS: &[&str] = &[
    "sleep",
    "meals",
    "movement",
    "stress",
    "worry",
    "energy",
    "rest",
    "daily routines",
    "appointments",
    "medicines",
    "hydration",
    "mood",
    "screen time",
    "posture",
    "breathing",
    "back care",
    "healthy eating",
    "time outdoors",
];

pub const THINGS: &[&str] = &[
    "a short walk",
    "a glass of water",
    "a regular bedtime",
    "a quiet evening",
    "a simple meal plan",
    "a written list of questions",
    "a calm morning routine",
    "time outdoors",
    "gentle stretching",
    "slow breathing",
    "a notebook by the bed",
    "a chat with a friend",
    "fresh fruit",
    "a warm bath",
    "a set wake time",
    "time away from screens",
    "a packed lunch",
    "a weekly plan",
];

pub const ADJECTIVES: &[&str] = &[
    "calm",
    "steady",
    "simple",
    "gentle",
    "small",
    "regular",
    "quiet",
    "clear",
    "short",
    "patient",
    "kind",
    "practical",
    "useful",
    "familiar",
    "flexible",
    "relaxed",
];

pub const RESULTS: &[&str] = &[
    "the day feel easier",
    "the evening feel calmer",
    "a visit go more smoothly",
    "changes feel less daunting",
    "the next step clearer",
    "a busy week feel lighter",
    "mornings feel less rushed",
    "it easier to rest",
];

pub const TIMES: &[&str] = &[
    "in the morning",
    "before bed",
    "after meals",
    "at the weekend",
    "each evening",
    "during a busy week",
    "on a quiet day",
    "before an appointment",
    "after work",
    "at lunchtime",
];

pub const ACTIONS: &[&str] = &[
    "write down your questions",
    "bring a friend to the appointment",
    "keep a simple diary",
    "take a short walk",
    "plan meals for the week",
    "set a regular bedtime",
    "drink water through the day",
    "ask for a written plan",
    "pause and breathe slowly",
    "talk with someone you trust",
    "check your medicines with a pharmacist",
    "make time for rest",
    "stretch for a few minutes",
    "step outside for some air",
    "put the phone away an hour before bed",
    "prepare a snack for later",
];

pub const REASONS: &[&str] = &[
    "plans change",
    "the day gets busy",
    "you feel unsure",
    "something feels wrong",
    "you need more time",
    "a change feels hard",
    "you want a second opinion",
    "the advice is unclear",
    "you feel tired",
    "your needs change",
];

pub const HEADING_FORMS: &[&str] = &[
    "{T} and {u}",
    "Making {t} easier",
    "Questions to ask about {t}",
    "Where to start with {t}",
    "When to talk to your {p}",
    "Small changes to {t}",
    "Planning for {t}",
    "What to expect from {t}",
];

pub const TITLE_FORMS: &[&str] = &[
    "{A} ways to approach {t}",
    "A guide to {t} and {u}",
    "Living well with {t}",
    "{T}: what to know",
    "Getting started with {t}",
    "{T} and {u} at home",
    "Talking about {t} with your {p}",
];

pub const FAMILY_NAMES: &[&str] = &[
    "Abbott", "Bauer", "Castillo", "Dalton", "Eriksen", "Fischer", "Garcia", "Hansen", "Ibrahim",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi",
    "Schmidt", "Tanaka", "Umar", "Varga", "Weber", "Xu", "Yilmaz", "Zhang", "Ahmed", "Brennan",
    "Costa", "Novak",
];

pub const GIVEN_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Karin",
    "Luis", "Maya", "Nils", "Olga", "Priya", "Rafael", "Sara", "Tomas", "Uma", "Victor", "Wen",
    "Yusuf", "Zoe",
];

pub const INITIALS: &[&str] = &[
    "A.", "B.", "C.", "D.", "E.", "J.", "K.", "L.", "M.", "R.", "S.", "T.",
];

pub const CREDENTIALS: &[&str] = &[
    "MD",
    "RN",
    "PhD",
    "MPH",
    "Health editor",
    "Clinical psychologist",
    "Pharmacist",
];

pub const ORGANISATIONS: &[&str] = &[
    "Institute for Everyday Health",
    "Public Health Office",
    "Centre for Sleep Health",
    "Council on Healthy Ageing",
    "National Nutrition Service",
    "Mental Health Information Service",
];

pub const PUBLISHERS: &[&str] = &[
    "Northfield Press",
    "Harbour Academic",
    "Riverside Medical Books",
    "Greenway Publishing",
    "Lakeside University Press",
];

pub const JOURNALS: &[&str] = &[
    "Journal of Everyday Health",
    "Sleep and Behaviour",
    "Primary Care Practice",
    "Public Health Reports Quarterly",
    "Nutrition and Wellbeing",
    "Family Medicine Today",
    "Journal of Movement Science",
];

// ---- claim material (used only in sentences that carry a citation) ----

pub const OUTCOMES: &[&str] = &[
    "better sleep",
    "less worry",
    "more energy",
    "a steadier mood",
    "fewer headaches",
    "less back pain",
    "better focus",
    "fewer missed meals",
];

pub const ACTIVITIES: &[&str] = &[
    "regular walking",
    "guided relaxation",
    "sleep coaching",
    "group exercise",
    "talk therapy",
    "meal planning",
    "breathing practice",
];

pub const CONDITIONS: &[&str] = &[
    "low mood",
    "poor sleep",
    "back pain",
    "headaches",
    "anxiety",
    "fatigue",
];

pub const EXPOSURES: &[&str] = &[
    "skipped breakfast",
    "worked night shifts",
    "sat for long periods",
    "lived alone",
    "smoked",
    "slept badly",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list that filler, headings, titles, tables or checklists draw from.
    pub const NEUTRAL: &[&[&str]] = &[
        PEOPLE,
        PERSON,
        TOPICS,
        THINGS,
        ADJECTIVES,
        RESULTS,
        TIMES,
        ACTIONS,
        REASONS,
        HEADING_FORMS,
        TITLE_FORMS,
        CREDENTIALS,
    ];

    #[test]
    fn neutral_vocabulary_has_no_digit_and_no_evidential_word() {
        for list in NEUTRAL {
            for word in *list {
                assert!(
                    !word.chars().any(|c| c.is_ascii_digit()),
                    "digit in {word:?}"
                );
                let lower = word.to_lowercase();
                for e in EVIDENTIAL {
                    assert!(!lower.contains(e), "{word:?} contains {e:?}");
                }
            }
        }
    }
}
