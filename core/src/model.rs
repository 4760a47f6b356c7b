//! The claim model: a reviewed claim as the matcher and the popover use it,
//! its sources, and the verdict scale. How claims are read from and written
//! to ClaimReview JSON-LD is in [`crate::claimreview`].

/// The verdict scale, from best to worst, plus the two labels that sit
/// outside an accuracy scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Verdict {
    /// The claim holds as stated.
    Accurate,
    /// Holds, with a minor caveat.
    MostlyAccurate,
    /// Partly right, or right only with context the claim leaves out.
    NeedsContext,
    /// The evidence points against it, or experts disagree.
    Disputed,
    /// The claim is wrong.
    Inaccurate,
    /// No evidence either way was found.
    #[default]
    Unverifiable,
    /// A judgement, prediction or recommendation, not a checkable fact.
    Opinion,
}

impl Verdict {
    /// Every verdict, in the order of the documented scale.
    pub const ALL: [Verdict; 7] = [
        Verdict::Accurate,
        Verdict::MostlyAccurate,
        Verdict::NeedsContext,
        Verdict::Disputed,
        Verdict::Inaccurate,
        Verdict::Unverifiable,
        Verdict::Opinion,
    ];

    /// The best and worst `ratingValue` of the scale.
    pub const BEST_RATING: i64 = 5;
    /// See [`Verdict::BEST_RATING`].
    pub const WORST_RATING: i64 = 1;

    /// The label readers see, and the `alternateName` in the JSON-LD.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Accurate => "Accurate",
            Verdict::MostlyAccurate => "Mostly accurate",
            Verdict::NeedsContext => "Needs context",
            Verdict::Disputed => "Disputed",
            Verdict::Inaccurate => "Inaccurate",
            Verdict::Unverifiable => "Unverifiable",
            Verdict::Opinion => "Opinion",
        }
    }

    /// `reviewRating.ratingValue` on the 1..5 scale; `None` for the two
    /// verdicts that are not a degree of accuracy (Unverifiable, Opinion):
    /// their rating carries only `alternateName`.
    pub fn rating_value(self) -> Option<i64> {
        match self {
            Verdict::Accurate => Some(5),
            Verdict::MostlyAccurate => Some(4),
            Verdict::NeedsContext => Some(3),
            Verdict::Disputed => Some(2),
            Verdict::Inaccurate => Some(1),
            Verdict::Unverifiable | Verdict::Opinion => None,
        }
    }

    /// A stable lower-case slug, used for styling.
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Accurate => "accurate",
            Verdict::MostlyAccurate => "mostly-accurate",
            Verdict::NeedsContext => "needs-context",
            Verdict::Disputed => "disputed",
            Verdict::Inaccurate => "inaccurate",
            Verdict::Unverifiable => "unverifiable",
            Verdict::Opinion => "opinion",
        }
    }

    /// Exactly one of the scale's labels (case and spacing forgiven).
    pub fn from_label(label: &str) -> Option<Verdict> {
        Verdict::from_squashed(&squash(label))
    }

    /// The verdict whose label squashes to `squashed` (the labels are
    /// ASCII, so they are compared as they are, not squashed one by one:
    /// reading a large database asked for every label of every record).
    fn from_squashed(squashed: &str) -> Option<Verdict> {
        let same = |label: &str| {
            let kept = label.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_lowercase());
            kept.eq(squashed.bytes())
        };
        Verdict::ALL.into_iter().find(|v| same(v.label()))
    }

    /// Reads another fact-checker's label onto this scale. Their own label is
    /// still what the reader sees; this only picks the colour and icon.
    pub fn from_publisher_label(label: &str) -> Option<Verdict> {
        let squashed = squash(label);
        if let Some(v) = Verdict::from_squashed(&squashed) {
            return Some(v);
        }
        let v = match squashed.as_str() {
            "true" | "correct" | "accurate" | "verified" | "fact" => Verdict::Accurate,
            "mostlytrue" | "mostlycorrect" | "largelyaccurate" => Verdict::MostlyAccurate,
            "halftrue" | "mixture" | "mixed" | "misleading" | "missingcontext" | "lackscontext"
            | "partlytrue" | "partlyfalse" | "partiallytrue" | "partiallyfalse"
            | "outofcontext" | "exaggerated" | "cherrypicks" => Verdict::NeedsContext,
            "disputed" | "contested" => Verdict::Disputed,
            "false" | "incorrect" | "wrong" | "fake" | "pantsonfire" | "mostlyfalse"
            | "fabricated" | "inaccurate" | "fiction" => Verdict::Inaccurate,
            "unproven" | "unverified" | "unsupported" | "unsubstantiated" | "noevidence"
            | "researchinprogress" => Verdict::Unverifiable,
            "opinion" | "satire" => Verdict::Opinion,
            _ => return None,
        };
        Some(v)
    }

    /// Places a numeric rating on the scale by its position between worst
    /// and best (another publisher's 1..5 or 0..10 scale).
    pub fn from_numbers(value: f64, best: f64, worst: f64) -> Option<Verdict> {
        if !(best > worst && (worst..=best).contains(&value)) {
            return None;
        }
        let f = (value - worst) / (best - worst);
        Some(match f {
            f if f >= 0.875 => Verdict::Accurate,
            f if f >= 0.625 => Verdict::MostlyAccurate,
            f if f >= 0.375 => Verdict::NeedsContext,
            f if f >= 0.125 => Verdict::Disputed,
            _ => Verdict::Inaccurate,
        })
    }

    /// The verdict's position in [`Verdict::ALL`] (the packed index's code).
    pub fn code(self) -> u8 {
        Verdict::ALL.iter().position(|v| *v == self).unwrap_or(0) as u8
    }

    /// The verdict with [`Verdict::code`] `code`.
    pub fn from_code(code: u8) -> Option<Verdict> {
        Verdict::ALL.get(usize::from(code)).copied()
    }
}

/// Lower-case letters and digits only: "Pants on Fire!" → "pantsonfire".
pub(crate) fn squash(s: &str) -> String {
    let kept: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
    crate::text::fold::fold(&kept)
}

/// What sort of statement a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    /// A figure: a count, an amount, a share.
    Statistic,
    /// Something that happened.
    Event,
    /// Something someone said.
    Attribution,
    /// A judgement, prediction or recommendation.
    Opinion,
}

impl ClaimKind {
    /// Every kind, in the packed index's code order.
    pub const ALL: [ClaimKind; 4] = [
        ClaimKind::Statistic,
        ClaimKind::Event,
        ClaimKind::Attribution,
        ClaimKind::Opinion,
    ];

    /// The database spelling: `statistic`, `event`, `attribution`, `opinion`.
    pub fn name(self) -> &'static str {
        match self {
            ClaimKind::Statistic => "statistic",
            ClaimKind::Event => "event",
            ClaimKind::Attribution => "attribution",
            ClaimKind::Opinion => "opinion",
        }
    }

    /// Reads the database spelling (case forgiven).
    pub fn parse(s: &str) -> Option<ClaimKind> {
        let s = squash(s);
        ClaimKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// One source backing a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// The document's title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Always http(s): anything else is dropped before it can become a link.
    pub url: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `n.d.` when the source is undated.
    pub date: String,
}

/// What sort of thing an entity is, from its schema.org `@type`: a
/// selection that names a place where the claim names a person has not put
/// another actor in the claim's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntityKind {
    /// `Person`.
    Person,
    /// `Organization` and its kinds (`GovernmentOrganization`, `NGO`, …).
    Organization,
    /// `Country` (and `State`, `AdministrativeArea`): an actor ("North
    /// Korea refused") and a place at once.
    Country,
    /// `Place` and its kinds other than a country (`City`, `Landform`, …).
    Place,
    /// No type, or one not listed here.
    #[default]
    Other,
}

impl EntityKind {
    /// Every kind, in the packed index's code order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Country,
        EntityKind::Place,
        EntityKind::Other,
    ];

    /// The kind of a schema.org type name.
    pub fn from_schema_type(name: &str) -> EntityKind {
        const ORGANIZATIONS: &[&str] = &[
            "Organization", "GovernmentOrganization", "NGO", "Corporation", "EducationalOrganization",
            "NewsMediaOrganization", "PoliticalParty", "ResearchOrganization", "MedicalOrganization",
            "SportsOrganization", "Consortium", "FundingScheme", "LibrarySystem", "OnlineBusiness",
        ];
        const PLACES: &[&str] = &[
            "Place", "City", "Landform", "BodyOfWater", "Continent",
            "TouristAttraction", "LandmarksOrHistoricalBuildings", "CivicStructure", "Accommodation",
            "Residence", "GovernmentBuilding", "SchoolDistrict", "Mountain", "Volcano",
        ];
        let name = name.trim().trim_start_matches("https://schema.org/").trim_start_matches("http://schema.org/");
        match name {
            "Person" => EntityKind::Person,
            "Country" | "State" | "AdministrativeArea" => EntityKind::Country,
            n if ORGANIZATIONS.contains(&n) => EntityKind::Organization,
            n if PLACES.contains(&n) => EntityKind::Place,
            _ => EntityKind::Other,
        }
    }

    /// The schema.org type the writer gives it.
    pub fn schema_type(self) -> &'static str {
        match self {
            EntityKind::Person => "Person",
            EntityKind::Organization => "Organization",
            EntityKind::Country => "Country",
            EntityKind::Place => "Place",
            EntityKind::Other => "Thing",
        }
    }

    /// Whether an entity of this kind can stand where one of `other`'s
    /// stands in a claim: actors (people, organisations, countries) for
    /// actors, places (countries too) for places; an untyped entity for
    /// anything.
    pub fn same_role(self, other: EntityKind) -> bool {
        use EntityKind::*;
        match (self, other) {
            (Other, _) | (_, Other) | (Country, _) | (_, Country) => true,
            (Place, Place) => true,
            (Place, _) | (_, Place) => false,
            _ => true,
        }
    }
}

/// Someone or something a claim is about (schema.org `about`): a country,
/// a person, an organisation. Matching uses it to stay silent when a
/// selection puts another actor in the claim's place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entity {
    /// The entity's id in the database (a JSON-LD `@id`, or its name).
    pub id: String,
    /// Its usual name ("North Korea").
    pub name: String,
    /// Other names that always mean it ("DPRK", "Kim Jong Un" for a person).
    pub aliases: Vec<String>,
    /// References that mean it only on a page about it ("the regime",
    /// "the North", "the president").
    pub references: Vec<String>,
    /// The ids of entities it belongs to (schema.org `affiliation`,
    /// `memberOf`, `nationality`, and a place's `containedInPlace`): a
    /// page about Kim Jong Un is about North Korea too, and "the summit in
    /// Vietnam" may be the Hanoi summit.
    pub affiliations: Vec<String>,
    /// What sort of thing it is (its `@type`).
    pub kind: EntityKind,
}

/// A reviewed claim as the matcher and the popover use it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claim {
    /// A stable id: a slug in ClaimLens databases, derived from `@id` or
    /// `url` for other publishers' markup.
    pub id: String,
    /// The claim verbatim as the article states it; `None` for reviews that
    /// carry only `claimReviewed` (they are matched on that text).
    pub quote: Option<String>,
    /// A neutral one-line statement of the claim.
    pub claim_reviewed: String,
    /// Where the claim sits on the scale.
    pub verdict: Verdict,
    /// The reviewer's own label (for ClaimLens databases, the verdict's).
    pub verdict_label: String,
    /// What a reader needs to know: dates, numbers, what is uncertain.
    pub context: String,
    /// The sources behind the verdict.
    pub sources: Vec<Source>,
    /// What sort of statement it is, when the database says.
    pub kind: Option<ClaimKind>,
    /// Other phrasings of the claim, for the matcher.
    pub variants: Vec<String>,
    /// Who checked it (the ClaimReview's `author`).
    pub reviewed_by: String,
    /// When it was checked (the ClaimReview's `datePublished`).
    pub review_date: String,
    /// The published review, when there is one.
    pub review_url: Option<String>,
    /// Who made the claim.
    pub claim_author: Option<String>,
    /// When the claim was made (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub claim_date: Option<String>,
    /// Where the claim appeared.
    pub appearance_url: Option<String>,
    /// The ids of the [`Entity`]s the claim is about.
    pub about: Vec<String>,
}

impl Claim {
    /// The texts the matcher indexes for this claim: quote, the neutral
    /// restatement, and the variants.
    pub fn match_texts(&self) -> impl Iterator<Item = &str> {
        self.quote
            .as_deref()
            .into_iter()
            .chain(std::iter::once(self.claim_reviewed.as_str()))
            .chain(self.variants.iter().map(String::as_str))
    }

    /// The `index`th of [`Claim::match_texts`], and which of the claim's
    /// texts it is; `None` past the last variant.
    pub fn match_text(&self, index: usize) -> Option<(TextRole, &str)> {
        let restatement = usize::from(self.quote.is_some());
        match index.checked_sub(restatement) {
            None => self.quote.as_deref().map(|q| (TextRole::Quote, q)),
            Some(0) => Some((TextRole::Restatement, self.claim_reviewed.as_str())),
            Some(after) => self.variants.get(after - 1).map(|v| (TextRole::Variant(after - 1), v.as_str())),
        }
    }

    /// The text a reader sees as "the claim": the quote, or the restatement.
    pub fn text(&self) -> &str {
        self.quote.as_deref().unwrap_or(&self.claim_reviewed)
    }
}

/// Which of a claim's texts a text is (see [`Claim::match_texts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// The words as published (`quote`).
    Quote,
    /// The neutral restatement (`claimReviewed`).
    Restatement,
    /// One of the variants, counted from 0.
    Variant(usize),
}

/// True for `http://` and `https://` URLs, the only ones that become links.
///
/// Exact: no leading or trailing white space (a browser would read
/// " https://…" as a relative link), at most [`MAX_URL_CHARS`], and no
/// spaces or control characters inside. Loaders trim before checking.
pub fn is_http_url(url: &str) -> bool {
    let scheme_end = if starts_with_ignore_case(url, "https://") {
        8
    } else if starts_with_ignore_case(url, "http://") {
        7
    } else {
        return false;
    };
    url.len() > scheme_end
        && url.len() <= MAX_URL_CHARS
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The longest URL kept as a link.
pub const MAX_URL_CHARS: usize = 2_048;

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a real month and day.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, n: usize| {
        (p.len() == n && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    let month = |m: &str| number(m, 2).is_some_and(|m| (1..=12).contains(&m));
    let day = |d: &str| number(d, 2).is_some_and(|d| (1..=31).contains(&d));
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && month(m),
        [y, m, d] => number(y, 4).is_some() && month(m) && day(d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_kinds_come_from_schema_types_and_places_do_not_stand_for_people() {
        assert_eq!(EntityKind::from_schema_type("Person"), EntityKind::Person);
        assert_eq!(EntityKind::from_schema_type("https://schema.org/GovernmentOrganization"), EntityKind::Organization);
        assert_eq!(EntityKind::from_schema_type("State"), EntityKind::Country);
        assert_eq!(EntityKind::from_schema_type("City"), EntityKind::Place);
        assert_eq!(EntityKind::from_schema_type("Thing"), EntityKind::Other);
        use EntityKind::*;
        assert!(Person.same_role(Organization) && Person.same_role(Country) && Country.same_role(Place));
        assert!(Place.same_role(Place) && Other.same_role(Place) && Person.same_role(Other));
        assert!(!Place.same_role(Person) && !Organization.same_role(Place));
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::from_schema_type(k.schema_type()), k, "the writer's type reads back");
        }
    }

    #[test]
    fn publisher_labels_land_on_the_scale() {
        assert_eq!(Verdict::from_publisher_label("Pants on Fire!"), Some(Verdict::Inaccurate));
        assert_eq!(Verdict::from_publisher_label("Half True"), Some(Verdict::NeedsContext));
        assert_eq!(
            Verdict::from_publisher_label("Research in progress"),
            Some(Verdict::Unverifiable),
            "spaces are squashed before the lookup"
        );
        assert_eq!(Verdict::from_publisher_label("Spicy"), None);
        assert_eq!(Verdict::from_numbers(1.0, 5.0, 1.0), Some(Verdict::Inaccurate));
        assert_eq!(Verdict::from_numbers(9.0, 10.0, 0.0), Some(Verdict::Accurate));
        assert_eq!(Verdict::from_numbers(6.0, 5.0, 1.0), None);
    }

    #[test]
    fn codes_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_code(v.code()), Some(v));
        }
        for k in ClaimKind::ALL {
            assert_eq!(ClaimKind::parse(k.name()), Some(k));
        }
    }

    #[test]
    fn only_web_links_are_links() {
        assert!(is_http_url("https://example.org/x"));
        assert!(is_http_url("HTTP://example.org"));
        for bad in ["javascript:alert(1)", "https://", " https://a", "https://a b", "data:x", "//a"] {
            assert!(!is_http_url(bad), "{bad}");
        }
        assert!(is_iso_date("2019-07-02") && is_iso_date("2019-07") && is_iso_date("2019"));
        assert!(!is_iso_date("2019-13") && !is_iso_date("2019-7") && !is_iso_date("n.d."));
    }
}
