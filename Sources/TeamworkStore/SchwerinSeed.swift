import GRDB
import TeamworkCore

/// The Schwerin application (Bewerbung „Smart City Schwerin“, Projekt-ID SC21-NJCNP) as seed data.
///
/// Only what the document states. Contact persons, e-mail addresses, phone numbers, postal
/// addresses and dates are not in the document and stay empty. Texts are copied verbatim;
/// hard line breaks of the form are joined into flowing text by `flow(_:)`.
enum SchwerinSeed {
    static let projectName = "Smart City Schwerin"

    // MARK: Kosten- und Finanzierungsplan

    /// The plan as printed: 2021 … 2028 and Gesamt, German notation, in document order.
    /// Money rows in euros; the 3.3.x rows in percent. Kept as printed, even where it may be wrong.
    static let planAsPrinted: [(code: String, printed: String)] = [
        ("1.1", "195.000,00 890.000,00 620.000,00 0,00 0,00 0,00 0,00 0,00 1.705.000,00"),
        ("1.1.1", "50.000,00 240.000,00 160.000,00 0,00 0,00 0,00 0,00 0,00 450.000,00"),
        ("1.1.2", "40.000,00 160.000,00 120.000,00 0,00 0,00 0,00 0,00 0,00 320.000,00"),
        ("1.1.3", "30.000,00 100.000,00 50.000,00 0,00 0,00 0,00 0,00 0,00 180.000,00"),
        ("1.1.4", "20.000,00 50.000,00 50.000,00 0,00 0,00 0,00 0,00 0,00 120.000,00"),
        ("1.1.5", "30.000,00 300.000,00 200.000,00 0,00 0,00 0,00 0,00 0,00 530.000,00"),
        ("1.1.6", "20.000,00 20.000,00 20.000,00 0,00 0,00 0,00 0,00 0,00 60.000,00"),
        ("1.1.7", "5.000,00 20.000,00 20.000,00 0,00 0,00 0,00 0,00 0,00 45.000,00"),
        ("1.2", "50.000,00 300.000,00 200.000,00 0,00 0,00 0,00 0,00 0,00 550.000,00"),
        ("1.2.1", "50.000,00 300.000,00 200.000,00 0,00 0,00 0,00 0,00 0,00 550.000,00"),
        ("2.1", "0,00 0,00 265.000,00 750.000,00 800.000,00 810.000,00 810.000,00 610.000,00 4.045.000,00"),
        ("2.1.1", "0,00 0,00 80.000,00 240.000,00 270.000,00 270.000,00 270.000,00 150.000,00 1.280.000,00"),
        ("2.1.2", "0,00 0,00 60.000,00 160.000,00 180.000,00 180.000,00 180.000,00 100.000,00 860.000,00"),
        ("2.1.3", "0,00 0,00 0,00 25.000,00 25.000,00 25.000,00 25.000,00 25.000,00 125.000,00"),
        ("2.1.4", "0,00 0,00 25.000,00 25.000,00 25.000,00 25.000,00 25.000,00 25.000,00 150.000,00"),
        ("2.1.5", "0,00 0,00 100.000,00 250.000,00 250.000,00 250.000,00 250.000,00 250.000,00 1.350.000,00"),
        ("2.1.6", "0,00 0,00 0,00 25.000,00 25.000,00 30.000,00 30.000,00 30.000,00 140.000,00"),
        ("2.1.7", "0,00 0,00 0,00 25.000,00 25.000,00 30.000,00 30.000,00 30.000,00 140.000,00"),
        ("2.2", "0,00 0,00 225.000,00 3.000.000,00 3.000.000,00 3.000.000,00 1.500.000,00 1.200.000,00 11.925.000,00"),
        ("2.2.1", "0,00 0,00 75.000,00 1.000.000,00 1.000.000,00 1.000.000,00 500.000,00 400.000,00 3.975.000,00"),
        ("2.2.2", "0,00 0,00 75.000,00 1.000.000,00 1.000.000,00 1.000.000,00 500.000,00 400.000,00 3.975.000,00"),
        ("2.2.3", "0,00 0,00 75.000,00 1.000.000,00 1.000.000,00 1.000.000,00 500.000,00 400.000,00 3.975.000,00"),
        ("1+2", "245.000,00 1.190.000,00 1.310.000,00 3.750.000,00 3.800.000,00 3.810.000,00 2.310.000,00 1.810.000,00 18.225.000,00"),
        ("3.1", "245.000,00 1.190.000,00 1.310.000,00 3.750.000,00 3.800.000,00 3.810.000,00 2.310.000,00 1.810.000,00 18.225.000,00"),
        ("3.1.1", "12.250,00 59.500,00 102.500,00 350.000,00 355.000,00 356.000,00 231.000,00 181.000,00 1.647.250,00"),
        ("3.1.2", "12.250,00 59.500,00 31.000,00 0,00 0,00 0,00 0,00 0,00 102.750,00"),
        ("3.1.3", "220.500,00 1.071.000,00 1.176.500,00 3.400.000,00 3.445.000,00 3.454.000,00 2.079.000,00 1.629.000,00 16.475.000,00"),
        ("3.1-(1+2)", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
        ("3.2", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
        ("3.2.1", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
        ("3.2.2", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
        ("3.1+3.2", "245.000,00 1.190.000,00 1.310.000,00 3.750.000,00 3.800.000,00 3.810.000,00 2.310.000,00 1.810.000,00 18.225.000,00"),
        ("3.3.1", "5,00 5,00 7,82 9,33 9,34 9,34 10,00 10,00 9,04"),
        ("3.3.2", "5,00 5,00 2,37 0,00 0,00 0,00 0,00 0,00 0,56"),
        ("3.3.3", "90,00 90,00 89,81 90,67 90,66 90,66 90,00 90,00 90,40"),
    ]

    /// The printed plan in the KfW 436 layout (all 35 lines, document order).
    static func plan() -> Plan {
        var values: [String: (years: [Int64], total: Int64)] = [:]
        for (code, printed) in planAsPrinted {
            // The literals above are fixed; a parse failure is a programming error caught by the tests.
            let numbers = printed.split(separator: " ").map { (try? Fixed2.parse(String($0))) ?? Int64.min }
            precondition(numbers.count == KfW436.years.count + 1 && !numbers.contains(Int64.min),
                         "Seed-Zeile \(code) ist fehlerhaft")
            values[code] = (Array(numbers.dropLast()), numbers.last!)
        }
        precondition(Set(values.keys) == Set(KfW436.rows.map(\.code)), "Seed deckt nicht alle Planzeilen ab")
        return KfW436.plan(values: values)
    }

    // MARK: Maßnahmen

    /// Joins the hard line breaks of the form into flowing text. A line ending in "-" is joined
    /// without a space and keeps its hyphen (in this document every such hyphen is real:
    /// "Sharing-/Caring-Angebote", "engagement-landau.de").
    static func flow(_ text: String) -> String {
        var result = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if result.isEmpty || result.hasSuffix("-") { result += line } else { result += " " + line }
        }
        return result
    }

    static func measures(plan: Plan) -> [Measure] {
        func cost(_ code: String) -> Money? { plan[code].map { Money(cents: $0.statedTotal) } }
        return [
            // I.6 Bereits umgesetzte Maßnahmen
            Measure(
                stage: .implemented, number: 1, title: "Online-Servicekonto", link: "https://bit.ly/2Ot0H8a",
                cost: Money(euros: 250_000),
                scope: "Die Umsetzung erfolgte im gesamtstädtischen Raum.",
                goal: flow("""
                    Mit der Maßnahme wurden zahlreiche kommunale Dienstleistungen
                    (Terminvergaben, Antragstellungen) über einen Account online verfügbar
                    gemacht.
                    """),
                goalReached: true,
                rollout: flow("""
                    Das Serviceportal wurde nach einer Testphase um eine Vielzahl von
                    Dienstleistungen und flexiblen Bezahlmöglichkeiten erweitert.
                    """)),
            Measure(
                stage: .implemented, number: 2, title: "Bürgerinformationssystem", link: "https://bis.schwerin.de",
                cost: Money(euros: 80_000),
                scope: "Die Umsetzung erfolgte im gesamtstädtischen Raum.",
                goal: flow("""
                    Mit der Maßnahme sollte eine online Verwaltung der Sitzungen der
                    Stadtgremien erreicht werden, um gleichzeitig die Abläufe und
                    Dokumente transparent für die Öffentlichkeit zu kommunizieren.
                    """),
                goalReached: true,
                rollout: flow("""
                    In einem nächsten Schritt wäre es sinnvoll, die Dokumente der Sitzungen
                    mit Metadaten zu versehen, um die inhaltlichen und personellen
                    Bezugspunkte besser aufbereiten zu können.
                    """)),
            Measure(
                stage: .implemented, number: 3, title: "Ideen-/Beschwerdemanagement", link: "www.klarschiff-sn.de",
                cost: Money(euros: 30_000),
                scope: "Die Umsetzung erfolgt im gesamtstädtischen Raum.",
                goal: flow("""
                    Es wurde das Ziel verfolgt, ein einfaches und nachvollziehbares
                    Beschwerdemanagement zu entwickeln. Auf dem Online-Portal können
                    Bürger ihre Beschwerden anbringen und deren Status online verfolgen.
                    """),
                goalReached: true,
                rollout: flow("""
                    Die Maßnahme wurde von Anfang an auf den gesamtstädtischen Raum
                    skaliert.
                    """)),
            Measure(
                stage: .implemented, number: 4, title: "City WLAN Stadtwerke SN", link: "https://bit.ly/3lg5iqq",
                cost: Money(euros: 500_000),
                scope: "Umsetzung in der Innenstadt und im Nahverkehr.",
                goal: flow("""
                    Es sollte das Ziel erreicht werden, den Bürgern und Besuchern der Stadt
                    einfach und günstig schnelles Internet zur Verfügung zu stellen.
                    """),
                goalReached: true,
                rollout: flow("""
                    Im nächsten Schritt soll die Abdeckung auf weitere Bereiche der Stadt
                    erweitert werden und die Einwahl über eine App vereinfacht und in der
                    Abrechnung transparenter gestaltet werden.
                    """)),

            // IV.1 Erste Maßnahme während der Strategiephase
            Measure(
                stage: .strategy, number: 1, title: "Lebenshauptstadt ist Teamwork",
                cost: cost("1.2.1"), planLine: "1.2.1",
                summary: flow("""
                    Eine interdisziplinäre Smart City Projektgruppe soll in der
                    Stadtverwaltung etabliert werden und über eine holistische Arbeitsweise
                    die Akteur*innen der Stadtgesellschaft, Wissenschaft, Wirtschaft und
                    Verwaltung vernetzen und auf allen Ebenen einen Austausch schaffen.
                    Sie bildet den Fokus der Vernetzung und entwickelt gemeinsam mit
                    Akteuren die Ziele und Methoden für Umsetzung der SC-Strategie.
                    """),
                scope: flow("""
                    Das TEAMWORK ist eine organisatorische Maßnahme. Die Wirkung wird
                    in den Räumen der nachfolgenden Maßnahmen und der Gesamtstadt
                    erzielt.
                    """),
                rolemodel: flow("""
                    Schwerin orientiert sich am SC-Modellprojekt Ulm, die für
                    Projektorganisation klare, verantwortl. Zuständigkeit für SC-Strategie
                    geschaffen hat und für Ulm als "Ideenschmiede" gilt, welche Teilhabe
                    Stadtgesellschaft und Vernetzung Akteure trägt. In Schwerin bedarf es
                    interdisziplinäre Projektgruppe.
                    """),
                rolemodelLink: "Geschäftsstelle Digitale Agenda der Stadt Ulm https://bit.ly/2Oi3FfO",
                goal: flow("""
                    Die Maßnahme dient zur Veränderungsbereitschaft in der Verwaltung,
                    um neue Formen und Formate zu etablieren und eine ganzheitliche
                    Betrachtungsweise und Arbeitsweise zu ermöglichen.
                    """),
                contribution: flow("""
                    Die Maßnahme soll Strukturen aufbrechen und neue flexible
                    Herangehensweisen in Form einer interdisziplinären Projektgruppe
                    schaffen, die ganzheitlich den Prozess initiiert. Akteur*innen sollen die
                    Stadt Schwerin mitgestalten und sich untereinander vernetzen, um eine
                    aktive Mitwirkung zu ermöglichen.
                    """),
                costTypes: flow("""
                    Für TEAMWORK werden Personalkosten und Sachkosten erwartet. In
                    Strategiephase wird gesamte Erstausstattung für das TEAMWORK
                    benötigt. Hierbei steht der Einsatz von digitalen und fortschrittlichen
                    Technologien (Whiteboards, Touch Table etc.) im Vordergrund, um
                    kooperatives Arbeiten zu ermöglichen.
                    """),
                operation: flow("""
                    TEAMWORK etabliert sich als unabdingbare Instanz in der Verwaltung
                    für ein smartes resilientes Schwerin. Langfristige Sicherung erfolgt durch
                    Ausbau des Teams und Verankerung der Stellen im Haushalt.
                    """),
                rollout: flow("""
                    Ziel ist die gesamtstädtische Vernetzung der Akteure über das
                    TEAMWORK. Austausch wird über digitale und analoge Wege geschaffen
                    und im TEAMWORK zusammengeführt, um Sichtbarkeit zu erhöhen.
                    """),
                transfer: flow("""
                    Prozess wird öffentlich kommuniziert und ist auf Plattform digitales MV
                    (Netzwerk der sechs DIZ in M-V) verfügbar. Interdisziplinäres Team ist
                    für ganzheitliche Betrachtung SC-Thematik unabdingbar.
                    """)),

            // IV.2 Maßnahmen der Umsetzungsphase
            Measure(
                stage: .implementation, number: 1, title: "Lebenshauptstadt ist Transformation",
                cost: cost("2.2.1"), planLine: "2.2.1",
                summary: flow("""
                    In Schwerin sollen klimaangepasste, vernetzte und vielfältige
                    Stadtquartiere entstehen, um eine smarte Transformation zu erreichen. In
                    den Quartieren etablieren sich digitale Vernetzungsstrukturen, andere
                    Wohnformen angepasst an Lebens- und Arbeitsbedingungen, soziale
                    Vielfalt, smarte Energie- und Mobilitätsformen, Sharing-Kultur wird
                    vorangetrieben, um lebenswerte Quartiere zu entwickeln.
                    """),
                scope: flow("""
                    Maßnahme soll auf beginnende Stadtentwicklungsprojekte zielen.
                    Quartiere werden als Vorbild dienen. Bestehende Stadtstrukturen sollen
                    zu neuen Quartieren mit resilienten Strukturen umgebaut werden.
                    """),
                rolemodel: flow("""
                    Schwerin orientiert sich an ähnlichen Situationen in vergleichbaren
                    Städten, hinsichtlich der Stärkung sozial vielfältiger Nachbarschaft,
                    smarter Vernetzung, proaktiver Mitgestaltung, nachhaltiger ökologischer
                    Transformation, um Vielfalt für mehr Lebensqualität in Schweriner
                    Quartieren zu erreichen.
                    """),
                rolemodelLink: flow("""
                    Jena https://bit.ly/3v6I2zP, Neulichterfelde https://bit.ly/3cgRO9K,
                    Speyer https://bit.ly/2OF1x1s
                    """),
                goal: flow("""
                    Die Maßnahme dient zur Transformation von Quartieren für smarte
                    resiliente Stadt Schwerin. Leistet einen Beitrag für klimaneutrale,
                    vernetzte Quartiere und zur Verringerung sozialer Segregation.
                    """),
                contribution: flow("""
                    Transformierte Quartiere ermöglichen Anpassungs- und
                    Widerstandsfähigkeit gegenüber sich verändernden Umständen. Ziel sind
                    Stärkung von Nutzungsmischungen, klimaangepasste Weiterentwicklung
                    unter Verwendung von digitalen Innovationen, zur Aufrechterhaltung der
                    Daseinsvorsorge, für lebenswerte Stadt.
                    """),
                costTypes: flow("""
                    Für Maßnahme werden Personalkosten u. Sachkosten erwartet. Für
                    Planung Quartiere werden externe Kompetenzen aus Bereich
                    Architektur/Technologie/Nachhaltigkeit etc. (Beauftragung Fachplaner)
                    benötigt. Unter der Teilhabe Stadtgesellschaft wird der Prozess
                    durchgeführt, hierfür werden Kosten erwartet.
                    """),
                operation: flow("""
                    Realisierte Quartiere dienen als Pilotprojekte und Qualitätsmerkmal für
                    andere Quartiere. Umgesetzte Maßnahmen werden ausgebaut und
                    angepasst und dienen als Voraussetzung für künftige Transformation.
                    """),
                rollout: flow("""
                    Alle weiteren Stadtentwicklungsprojekte sollen gezielt sich an den
                    realisierten Quartieren orientieren und Schwerin zu einer smarten Stadt
                    entwickeln, die resiliente Strukturen schafft.
                    """),
                transfer: flow("""
                    Der Prozess zur Teilhabe wird transparent digital abrufbar sein (digitales
                    MV). Andere Kommunen können die Erfahrungen und die entwickelten
                    Maßnahmen nutzen, auf ihre Kommune anpassen und ausbauen.
                    """)),
            Measure(
                stage: .implementation, number: 2, title: "Lebenshauptstadt ist Solidarität",
                cost: cost("2.2.2"), planLine: "2.2.2",
                summary: flow("""
                    In Schwerin soll eine digitale nicht kommerzielle Plattform für Sharing-
                    /Caring-Angebote geschaffen werden. Die gemeinwohlorientierte
                    Plattform soll vorhandenes bürgerschaftliches Engagement sichtbar
                    machen und unterstützen sowie eine stärkere Vernetzung schaffen. Auf
                    der Plattform werden vordergründig soziale Dienstleistungen aufgeführt,
                    um die Solidarität künftig mehr in Schwerin zu stärken.
                    """),
                scope: flow("""
                    Die Maßnahme zielt auf die Gesamtstadt ab. Durch digitale Vernetzung
                    der Vereine, Initiativen wird Sichtbarkeit ihres Wirkens gestärkt,
                    Kommunikation, Austausch, gegenseitige Unterstützung ermöglicht.
                    """),
                rolemodel: flow("""
                    Digitale Plattform baut vorhandene "Ehrenamtsbörse" in Schwerin weiter
                    aus u. stärkt Vernetzung Stadtgesellschaft. Besonders in Pandemiezeit ist
                    gegenseitige Unterstützung unabdingbar. Schwerin orientiert sich am
                    Beispiel von Landau, welche über Plattform Vereine vernetzt und
                    Ehrenamt sichtbar macht
                    """),
                rolemodelLink: flow("""
                    Soziale städtische Plattform Engagement Landau https://engagement-
                    landau.de/
                    """),
                goal: flow("""
                    Die Maßnahme trägt zu mehr Solidarität auch nach der Pandemie bei.
                    Vorhandenes bürgerschaftl. Engagement soll verstärkt und mehr
                    unterstützt werden. Durch Digitalisierung wird Vernetzung ermöglicht.
                    """),
                contribution: flow("""
                    Digitale Plattform leistet Beitrag, dass soziale Initiativen, Vereine mehr in
                    den Fokus der Gesellschaft rücken und ein digitaler Austausch,
                    gegenseitige Unterstützung geschaffen wird. Generationenübergreifend
                    werden soziale Dienstleistungen angeboten, ein gegenseitiges Lernen,
                    Helfen wird gestärkt.
                    """),
                costTypes: flow("""
                    Für die Maßnahme werden Personalkosten und Sachkosten erwartet. Zur
                    Erstellung der Plattform wird externe Dienstleistung notwendig sein.
                    Schulungen der Mitarbeitenden des TEAMWORKs zur Verwaltung und
                    Pflege Daten werden benötigt. Kosten für die Durchführung des
                    Prozesses zur Teilhabe werden erwartet
                    """),
                operation: flow("""
                    Das TEAMWORK ist zuständig für Datenpflege und Sichtbarmachung der
                    Plattform, um diese langfristig weiterzuentwickeln. Mehr Vereine,
                    Initiativen sollen Ihr Wirken hier vernetzen und sichtbar machen.
                    """),
                rollout: flow("""
                    Maßnahme soll über das TEAMWORK an die Stadtgesellschaft
                    weitergetragen werden. Je mehr Nutzer*innen die Plattform
                    unterstützen, umso weiter breitet sich diese auch über die städtischen
                    Grenzen aus.
                    """),
                transfer: flow("""
                    Die digitale Plattform ist online abrufbar und wird über digitales MV
                    eingestellt.  Andere Kommunen können Erfahrungen nutzen, um auch ihr
                    vorhandenes bürgerschaftliches Engagement hervorzuheben.
                    """)),
            Measure(
                stage: .implementation, number: 3, title: "Lebenshauptstadt ist Entschleunigung",
                cost: cost("2.2.3"), planLine: "2.2.3",
                summary: flow("""
                    Es wird eine Open Data Plattform unter der Prämisse der
                    Entschleunigung aufgebaut, um Daten im Hinblick auf eine nachhaltige
                    Stadt zu erfassen. Verknüpfung von Daten, transparenter Zugriff und
                    gezielte Auswertung stehen im Fokus. Hier werden Themen, wie die
                    Gestaltung und Nutzung von Grünflächen, Gemeinschaftsgärten und
                    nachhaltiger Tourismus vereint, um Schwerin lebenswerter zu
                    entwickeln.
                    """),
                scope: flow("""
                    Die Open Data Plattform zielt auf den gesamtstädtischen Raum ab.
                    Ortsbezogen werden gezielt Daten im Bereich von Natur- und
                    Kulturerlebnissen, sowie Grün- und Erholungsflächen miteinander
                    vernetzt.
                    """),
                rolemodel: flow("""
                    Schwerin orientiert sich an "Offenen Daten Bonn" und an interaktiven
                    Karten am Beispiel "mundraub". Im Fokus soll die Verschränkung von
                    Daten, der uneingeschränkte Zugriff und die Vernetzung stehen. Die
                    Nutzer*innen sollen selbstreguliert Daten erfassen und sichtbar machen
                    können.
                    """),
                rolemodelLink: flow("""
                    Grünflächen Bonn https://bit.ly/3t4KsNo, mundraub
                    https://bit.ly/3cjFsh9
                    """),
                goal: flow("""
                    Open Data Plattform trägt zum Ausbau der Grün- und Erholungsflächen
                    bei, stärkt die Gemeinschaftsgärten, fördert den nachhaltigen Tourismus
                    und schafft dadurch mehr urbane Lebensqualität.
                    """),
                contribution: flow("""
                    Bei der Open Data Plattform steht der Einklang von Natur und
                    Landschaft, die Selbstversorgung und die Entschleunigung im
                    Vordergrund. Das digitale Instrument soll eine Brücke schaffen, um
                    Begegnungsstätten im analogen Raum zu stärken.
                    """),
                costTypes: flow("""
                    Für Maßnahme werden Personalkosten u. Sachkosten erwartet. Für
                    Aufbau digitale Open Data Plattform wird Software benötigt. Zur
                    Erstellung Plattform wird externe Dienstleistung notwendig sein.
                    Schulungen Mitarbeitende TEAMWORK zur Verwaltung/Pflege Daten.
                    Kosten für Durchführung Prozess zur Teilhabe.
                    """),
                operation: flow("""
                    Open Data Plafform wird langfristig als städtische gemeinwohlorientierte
                    Plattform durch Unterstützung des Smart City Fördervereins und
                    Zusammenarbeit u.a mit Kleingartenverband Schwerin gesichert.
                    """),
                rollout: flow("""
                    TEAMWORK pflegt Open Data Plattform und trägt diese in
                    Stadtgesellschaft hinaus. Durch mehr Sichtbarmachung der Plattform
                    wird Erhöhung der Datenerfassung und gesamtstätische Vernetzung
                    erreicht.
                    """),
                transfer: flow("""
                    Die Open Data Plattform steht digital frei zugänglich zur Verfügung und
                    der Prozess der Datenerfassung wird öffentlich dokumentiert (digitales
                    MV). Andere Kommunen können Erfahrungen und Daten nutzen.
                    """)),
        ]
    }

    // MARK: Personal (III.1)

    /// Stellen/-anteile beteiligt / gefördert in hundredths of a post (1,5 → 150).
    static let staffing: [StaffingUnit] = [
        StaffingUnit(unit: "TEAMWORK (Projektgruppe Smart City)", involved: 300, funded: 300, position: 1),
        StaffingUnit(unit: "Digitaler Innovationsraum (DIZ)", involved: 150, funded: 100, position: 2),
        StaffingUnit(unit: "Fachdienst Stadtentwicklung und Wirtschaft", involved: 150, funded: 100, position: 3),
        StaffingUnit(unit: "Dezernat für Wirtschaft, Bauen und Ordnung", involved: 25, funded: 0, position: 4),
        StaffingUnit(unit: "Büro des Oberbürgermeisters", involved: 25, funded: 0, position: 5),
        StaffingUnit(unit: "IT Abteilung Hauptverwaltung", involved: 25, funded: 0, position: 6),
        StaffingUnit(unit: "Stadtwerke Schwerin", involved: 25, funded: 0, position: 7),
        StaffingUnit(unit: "SIS Schweriner IT- und Servicegesellschaft", involved: 25, funded: 0, position: 8),
    ]

    // MARK: Akteure

    /// Every organisation, network, partner city and funder the application names. Roles are
    /// condensed from the document's own wording; contact fields stay empty (not in the document).
    static let stakeholders: [Stakeholder] = [
        // Verwaltung
        Stakeholder(name: "TEAMWORK (Projektgruppe Smart City)", kind: .administration,
                    role: "Interdisziplinäre Projektgruppe, im Digitalen Innovationszentrum verankert und für die Umsetzung der SC-Strategie verantwortlich; leitet die Teilhabe der Stadtgesellschaft.",
                    notes: "Abschnitte I.5, II.4, II.5, III.1; 3 Stellen beteiligt, 3 gefördert."),
        Stakeholder(name: "Dezernat III – Wirtschaft, Bauen und Ordnung", kind: .administration,
                    role: "Hauptverantwortlich für die geplante Strategieentwicklung; steuert gemeinsam mit dem Büro des Oberbürgermeisters und dem FD Stadtentwicklung das TEAMWORK.",
                    notes: "Abschnitt III.1; in der Personaltabelle „Dezernat für Wirtschaft, Bauen und Ordnung“, 0,25 Stellen beteiligt."),
        Stakeholder(name: "Büro des Oberbürgermeisters", kind: .administration,
                    role: "Leitet den Gesamtprozess und steuert gemeinsam mit Dezernat III und FD Stadtentwicklung kooperativ und transparent das TEAMWORK.",
                    notes: "Abschnitt III.1; 0,25 Stellen beteiligt."),
        Stakeholder(name: "Fachdienst Stadtentwicklung und Wirtschaft", kind: .administration,
                    role: "Steuert als stützende Kraft gemeinsam mit dem Büro des Oberbürgermeisters und Dezernat III das TEAMWORK.",
                    notes: "Abschnitt III.1; 1,5 Stellen beteiligt, 1 gefördert."),
        Stakeholder(name: "IT Abteilung Hauptverwaltung", kind: .administration,
                    role: "An der Strategieentwicklung beteiligte Organisationseinheit der Verwaltung.",
                    notes: "Abschnitt III.1; 0,25 Stellen beteiligt."),
        // Städtische Unternehmen
        Stakeholder(name: "Stadtwerke Schwerin", kind: .municipalCompany,
                    role: "Träger des umgesetzten City WLAN (Innenstadt und Nahverkehr); an der Strategieentwicklung beteiligt.",
                    notes: "Abschnitte I.6 (Maßnahme 4 „City WLAN Stadtwerke SN“), III.1; 0,25 Stellen beteiligt."),
        Stakeholder(name: "SIS Schweriner IT- und Servicegesellschaft", kind: .municipalCompany,
                    role: "An der Strategieentwicklung beteiligtes städtisches Unternehmen.",
                    notes: "Abschnitt III.1; 0,25 Stellen beteiligt."),
        // Wirtschaft, Innovation
        Stakeholder(name: "Digitales Innovationszentrum Schwerin (DIZ)", kind: .business,
                    role: "Steht den Startups/Gründern als Begegnungsstätte mit Unterstützung zur Verfügung; TEAMWORK wird im DIZ integriert.",
                    notes: "Abschnitte I.5, III.1; in der Personaltabelle „Digitaler Innovationsraum (DIZ)“, 1,5 Stellen beteiligt, 1 gefördert."),
        Stakeholder(name: "Technologiezentrum", kind: .business,
                    role: "Veranstaltet regelmäßig Meetups/Hackathons; externer Partner, dessen digital wissenschaftlich/wirtschaftliches Know-how positiv zur Transformation beiträgt.",
                    notes: "Abschnitte I.5, II.5."),
        // Vereine und Verbände
        Stakeholder(name: "Hacklabor", kind: .association,
                    role: "Verein für kreativen Umgang mit Technik, veranstaltet regelmäßig Meetups/Hackathons.",
                    notes: "Abschnitt I.5."),
        Stakeholder(name: "Smart City Förderverein", kind: .association,
                    role: "Fungiert als Beirat, bringt Expertise in die frühzeitige Teilhabe ein und gewinnt weitere Akteur*innen; führt mit TEAMWORK Veranstaltungsreihe und jährliches Forum durch und sichert die Open Data Plattform langfristig mit.",
                    notes: "Abschnitte I.2, III.2, IV.2 (Maßnahme 3)."),
        Stakeholder(name: "Kleingartenverband Schwerin", kind: .association,
                    role: "Partner bei der langfristigen Sicherung der Open Data Plattform (Lebenshauptstadt ist Entschleunigung).",
                    notes: "Abschnitt IV.2 (Maßnahme 3)."),
        // Bildung
        Stakeholder(name: "VHS", kind: .education,
                    role: "Partner für E-Learning, Beispielvideos sowie analoge und digitale Workshops, die den Zugang zu digitalen Plattformen ermöglichen.",
                    notes: "Abschnitt II.5."),
        // Netzwerke und Plattformen
        Stakeholder(name: "digitales MV (Netzwerk der sechs DIZ in M-V)", kind: .network,
                    role: "Plattform, auf der der Prozess öffentlich kommuniziert wird; dient dem Wissensaustausch und -transfer mit anderen Kommunen.",
                    notes: "Abschnitte IV.1, IV.2, V.2."),
        Stakeholder(name: "Ehrenamtsbörse Schwerin", kind: .platform,
                    role: "Vorhandene Ehrenamtsbörse, die die digitale Plattform für Sharing-/Caring-Angebote (Lebenshauptstadt ist Solidarität) weiter ausbaut.",
                    notes: "Abschnitt IV.2 (Maßnahme 2)."),
        Stakeholder(name: "mundraub", kind: .platform,
                    role: "Vorbild mit interaktiven Karten für die Open Data Plattform (Lebenshauptstadt ist Entschleunigung).",
                    link: "https://bit.ly/3cjFsh9", notes: "Abschnitt IV.2 (Maßnahme 3)."),
        // Vorbilder / Modellstädte
        Stakeholder(name: "Ulm (Geschäftsstelle Digitale Agenda)", kind: .partnerCity,
                    role: "SC-Modellprojekt und Vorbild für das TEAMWORK: klare, verantwortliche Zuständigkeit für die SC-Strategie als „Ideenschmiede“.",
                    link: "https://bit.ly/2Oi3FfO", notes: "Abschnitt IV.1 (Lebenshauptstadt ist Teamwork)."),
        Stakeholder(name: "Jena", kind: .partnerCity,
                    role: "Vorbild für die Transformation von Quartieren (Lebenshauptstadt ist Transformation).",
                    link: "https://bit.ly/3v6I2zP", notes: "Abschnitt IV.2 (Maßnahme 1)."),
        Stakeholder(name: "Neulichterfelde", kind: .partnerCity,
                    role: "Vorbild für die Transformation von Quartieren (Lebenshauptstadt ist Transformation).",
                    link: "https://bit.ly/3cgRO9K", notes: "Abschnitt IV.2 (Maßnahme 1)."),
        Stakeholder(name: "Speyer", kind: .partnerCity,
                    role: "Vorbild für die Transformation von Quartieren (Lebenshauptstadt ist Transformation).",
                    link: "https://bit.ly/2OF1x1s", notes: "Abschnitt IV.2 (Maßnahme 1)."),
        Stakeholder(name: "Landau (Engagement Landau)", kind: .partnerCity,
                    role: "Vorbild für die Solidaritäts-Plattform: vernetzt über eine soziale städtische Plattform Vereine und macht Ehrenamt sichtbar.",
                    link: "https://engagement-landau.de/", notes: "Abschnitt IV.2 (Maßnahme 2)."),
        Stakeholder(name: "Bonn (Offene Daten Bonn)", kind: .partnerCity,
                    role: "Vorbild für die Open Data Plattform (Lebenshauptstadt ist Entschleunigung).",
                    link: "https://bit.ly/3t4KsNo", notes: "Abschnitt IV.2 (Maßnahme 3); Link als „Grünflächen Bonn“."),
        // Fördergeber
        Stakeholder(name: "BMI", kind: .funder,
                    role: "Träger der Modellprojekte Smart Cities; erhält die Nutzungsrechte an der eingereichten Grafik.",
                    notes: "Abschnitt VII (Bildrechte)."),
        Stakeholder(name: "KfW", kind: .funder,
                    role: "Förderung nach KfW-Merkblatt 436; Bundesmittel (Zuwendung) laut Kosten- und Finanzierungsplan.",
                    notes: "Abschnitt II.5, Kosten- und Finanzierungsplan."),
    ]

    // MARK: Veranstaltungsformate

    /// Formats the application announces. The document gives no dates, so there are no events.
    static let series: [EventSeries] = [
        EventSeries(title: "Themenbezogene Workshop-Reihe der Verwaltung", format: "Workshop-Reihe",
                    cadence: "beginnend in der Strategiephase",
                    description: "Mit allen in der Stadtverwaltung bestehenden Fachdiensten, städtischen Eigenbetrieben sowie Unternehmen und Konzernen der Stadt; Ziel sind der Aufbau einer verwaltungsinternen Vernetzung für einen gemeinsamen Austausch und eine transparente Co-Creation.",
                    organiser: "TEAMWORK", source: "III.1"),
        EventSeries(title: "Smart City Forum", format: "Forum", cadence: "jährlich",
                    description: "Jährliches Forum zu Smart City Schwerin für ein proaktives Mitgestalten und eine partizipative Entwicklung der Smart City Strategie; begleitet den Prozess.",
                    organiser: "TEAMWORK und Smart City Förderverein", source: "I.2, II.5, III.2"),
        EventSeries(title: "Veranstaltungsreihe zu Smart City Schwerin", format: "Veranstaltungsreihe",
                    cadence: "kontinuierlich",
                    description: "Kontinuierliche Veranstaltungsreihe für einen gemeinsamen Austausch, ein proaktives Mitgestalten und eine partizipative Entwicklung der Smart City Strategie.",
                    organiser: "TEAMWORK und Smart City Förderverein", source: "I.2, II.5"),
        EventSeries(title: "Smart City Dialog", format: "Dialog", cadence: "",
                    description: "Begleitet gemeinsam mit dem Smart City Forum den Prozess der Strategieentwicklung.",
                    organiser: "", source: "III.2"),
        EventSeries(title: "Bürgerbefragungen und Umfragen", format: "Umfrage", cadence: "regelmäßig",
                    description: "Regelmäßige Bürgerbefragungen als Grundlage der Evaluation; Umfragen als Instrument der Teilhabe an der Entwicklung der Digitalstrategie.",
                    organiser: "TEAMWORK", source: "I.2, II.5, III.2"),
        EventSeries(title: "Workshops zur Strategieentwicklung", format: "Workshop", cadence: "",
                    description: "Digitale und analoge Workshops für eine frühzeitige Teilhabe der Stadtgesellschaft und der Akteur*innen aus Wissenschaft, Wirtschaft und Verbänden, mit Expertise des Smart City Fördervereins.",
                    organiser: "TEAMWORK", source: "II.5, III.2, V.1"),
        EventSeries(title: "Zukunftswerkstätten", format: "Zukunftswerkstatt", cadence: "",
                    description: "Instrument der Teilhabe der Stadtgesellschaft.",
                    organiser: "TEAMWORK", source: "II.5"),
        EventSeries(title: "Online-Workshops", format: "Online-Workshop", cadence: "",
                    description: "Partizipative Einbindung externer Expertise aus Wissenschaft, Wirtschaft und Verbänden über Online-Workshops und digitale Vernetzung.",
                    organiser: "", source: "III.2"),
        EventSeries(title: "Online-Dialoge", format: "Online-Dialog", cadence: "",
                    description: "Frühzeitige transparente Teilhabe der Stadtgesellschaft über online Dialoge; über digitale Dialoge werden Akteur*innen direkt informiert und einbezogen.",
                    organiser: "", source: "III.2, III.3, V.1"),
        EventSeries(title: "Schulungen für Mitarbeitende", format: "Schulung", cadence: "",
                    description: "Mitarbeitende sind zu schulen; Schulungen der Mitarbeitenden des TEAMWORKs zur Verwaltung und Pflege der Daten der Plattformen. TEAMWORK dient als Anlaufstelle und Kompetenzzentrum für Problemlösungen, Schulungen.",
                    organiser: "TEAMWORK", source: "II.5, IV.2, V.1"),
        EventSeries(title: "Digitale Weiterbildung mit der VHS", format: "Workshop / E-Learning", cadence: "",
                    description: "Zugang zu digitalen Plattformen über E-Learning, Beispielvideos, analoge und digitale Workshops unter Zusammenarbeit mit VHS.",
                    organiser: "in Zusammenarbeit mit VHS", source: "II.5"),
        EventSeries(title: "Kostenfreie Schulungsangebote", format: "Schulung", cadence: "",
                    description: "Kostenfreie Schulungsangebote/Materialien durch lokale Bildungspartner tragen den Wissensaustausch in die Stadtgesellschaft.",
                    organiser: "lokale Bildungspartner", source: "V.1"),
        EventSeries(title: "Meetups/Hackathons", format: "Meetup/Hackathon", cadence: "regelmäßig",
                    description: "Bestehende Formate von Hacklabor und Technologiezentrum.",
                    organiser: "Hacklabor, Technologiezentrum", source: "I.5"),
        EventSeries(title: "Kommunaler Gestaltungsdialog", format: "Dialog", cadence: "",
                    description: "Das TEAMWORK überführt das Wissen über Chancen und Risiken von Innovationen in einen kommunalen Gestaltungsdialog.",
                    organiser: "TEAMWORK", source: "III.3"),
        EventSeries(title: "Regionaler Erfahrungsaustausch mit anderen Kommunen", format: "Netzwerk", cadence: "",
                    description: "Aufbau eines regionalen Vernetzungssystems mit anderen interessierten Kommunen zum Erfahrungsaustausch.",
                    organiser: "", source: "V.2"),
    ]

    // MARK: Insert

    /// Inserts everything. Runs inside the "v1-seed-schwerin" migration, hence in one transaction.
    /// Plain SQL with table and column names, so later changes of the record types cannot break it.
    /// Does nothing when the database already holds a project (e.g. filled by hand after `seed: false`).
    static func insert(into db: Database) throws {
        let existing = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM project) + (SELECT COUNT(*) FROM plan_line)") ?? 0
        guard existing == 0 else { return }

        try db.execute(sql: "INSERT INTO project (id, name) VALUES (1, ?)", arguments: [projectName])

        let terms = FundingTerms.kfw436Haushaltsnotlage
        try db.execute(sql: """
            INSERT INTO funding_terms (id, name, federal_quota_bp, min_municipal_share_bp, consultant_numerator,
                consultant_denominator, strategy_max_cents, first_investments_max_cents, implementation_max_cents)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [terms.name, terms.federalQuota.basisPoints, terms.minMunicipalShare.basisPoints,
                             terms.consultantNumerator, terms.consultantDenominator, terms.strategyPhaseMaxGrant.cents,
                             terms.firstInvestmentsMaxGrant.cents, terms.implementationPhaseMaxGrant.cents])

        let plan = plan()
        for (position, line) in plan.lines.enumerated() {
            try db.execute(sql: """
                INSERT INTO plan_line (code, position, label, section, kind, parts, stated_total)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [line.code, position + 1, line.label, line.section.rawValue, line.kind.rawValue,
                                 line.parts.joined(separator: ","), line.statedTotal])
            for (index, year) in plan.years.enumerated() {
                try db.execute(sql: "INSERT INTO plan_value (line_code, year, value) VALUES (?, ?, ?)",
                               arguments: [line.code, year, line.values[index]])
            }
        }

        for m in measures(plan: plan) {
            try db.execute(sql: """
                INSERT INTO measure (stage, number, title, link, cost_cents, plan_line, summary, scope, rolemodel,
                    rolemodel_link, goal, goal_reached, contribution, cost_types, operation, rollout, transfer)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [m.stage.rawValue, m.number, m.title, m.link, m.cost?.cents, m.planLine, m.summary,
                                 m.scope, m.rolemodel, m.rolemodelLink, m.goal, m.goalReached, m.contribution,
                                 m.costTypes, m.operation, m.rollout, m.transfer])
        }

        for s in staffing {
            try db.execute(sql: """
                INSERT INTO staffing_unit (unit, involved_hundredths, funded_hundredths, position) VALUES (?, ?, ?, ?)
                """, arguments: [s.unit, s.involved, s.funded, s.position])
        }

        for s in stakeholders {
            try db.execute(sql: """
                INSERT INTO stakeholder (name, kind, role, contact_person, email, phone, address, link, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.name, s.kind.rawValue, s.role, s.contactPerson, s.email, s.phone, s.address,
                                 s.link, s.notes])
        }

        for s in series {
            try db.execute(sql: """
                INSERT INTO event_series (title, format, cadence, description, organiser, measure_id, source)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.title, s.format, s.cadence, s.description, s.organiser, s.measureID, s.source])
        }
    }
}
