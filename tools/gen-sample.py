#!/usr/bin/env python3
"""Writes the sample register in data/register/ (run from the top of the tree).

The output is committed; this script documents how it was made and makes it
again byte for byte (a fixed seed, no clock). It reproduces the case in
DESIGN.md for DE, 2019-01-01..2020-05-31:

  75 incidents, 53 distinct government bodies (6 more incidents hit
  3 non-government organisations), all 75 notified, 7 replied (one of them
  twice), all formalistic, none substantive, 68 unanswered.

Around it, data that a wrong filter would catch: DE incidents on
2018-12-31 and 2020-06-01 (one day outside either end) and on both ends
themselves; DE incidents with substantive replies in 2018; a reply to an
in-period incident that arrived after the period; incidents from seven
other countries in the same months, some never notified, some answered in
substance; and events in 2017-2020.
"""

import random
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

rng = random.Random(20190114)

COUNTRIES = [
    ("DE", "Germany", "Германия"),
    ("NL", "Netherlands", "Нидерланды"),
    ("FR", "France", "Франция"),
    ("GB", "United Kingdom", "Великобритания"),
    ("US", "United States", "Соединённые Штаты Америки"),
    ("PL", "Poland", "Польша"),
    ("UA", "Ukraine", "Украина"),
    ("CN", "China", "Китай"),
]

RECIPIENTS = {
    "DE": ["Federal Foreign Office of Germany",
           "Federal Office for Information Security (BSI)"],
    "NL": ["National Cyber Security Centre of the Netherlands (NCSC-NL)"],
    "FR": ["National Cybersecurity Agency of France (ANSSI)"],
    "GB": ["National Cyber Security Centre (NCSC UK)"],
    "US": ["Cybersecurity and Infrastructure Security Agency (CISA)"],
    "PL": ["CERT Polska"],
    "UA": ["Computer Emergency Response Team of Ukraine (CERT-UA)"],
    "CN": ["National Computer Network Emergency Response Technical Team "
           "(CNCERT/CC)"],
}

# id, kind, government, English name, Russian name
ORGS = [
    ("minfin", "federal-ministry", "yes",
     "Ministry of Finance of the Russian Federation",
     "Министерство финансов Российской Федерации"),
    ("mid", "federal-ministry", "yes",
     "Ministry of Foreign Affairs of the Russian Federation",
     "Министерство иностранных дел Российской Федерации"),
    ("minek", "federal-ministry", "yes",
     "Ministry of Economic Development of the Russian Federation",
     "Министерство экономического развития Российской Федерации"),
    ("mincifry", "federal-ministry", "yes",
     "Ministry of Digital Development, Communications and Mass Media "
     "of the Russian Federation",
     "Министерство цифрового развития, связи и массовых коммуникаций "
     "Российской Федерации"),
    ("minenergo", "federal-ministry", "yes",
     "Ministry of Energy of the Russian Federation",
     "Министерство энергетики Российской Федерации"),
    ("mintrans", "federal-ministry", "yes",
     "Ministry of Transport of the Russian Federation",
     "Министерство транспорта Российской Федерации"),
    ("minzdrav", "federal-ministry", "yes",
     "Ministry of Health of the Russian Federation",
     "Министерство здравоохранения Российской Федерации"),
    ("minobrnauki", "federal-ministry", "yes",
     "Ministry of Science and Higher Education of the Russian Federation",
     "Министерство науки и высшего образования Российской Федерации"),
    ("minprosv", "federal-ministry", "yes",
     "Ministry of Education of the Russian Federation",
     "Министерство просвещения Российской Федерации"),
    ("minpromtorg", "federal-ministry", "yes",
     "Ministry of Industry and Trade of the Russian Federation",
     "Министерство промышленности и торговли Российской Федерации"),
    ("mcx", "federal-ministry", "yes",
     "Ministry of Agriculture of the Russian Federation",
     "Министерство сельского хозяйства Российской Федерации"),
    ("mnr", "federal-ministry", "yes",
     "Ministry of Natural Resources and Environment of the Russian "
     "Federation",
     "Министерство природных ресурсов и экологии Российской Федерации"),
    ("minjust", "federal-ministry", "yes",
     "Ministry of Justice of the Russian Federation",
     "Министерство юстиции Российской Федерации"),
    ("mintrud", "federal-ministry", "yes",
     "Ministry of Labour and Social Protection of the Russian Federation",
     "Министерство труда и социальной защиты Российской Федерации"),
    ("mkrf", "federal-ministry", "yes",
     "Ministry of Culture of the Russian Federation",
     "Министерство культуры Российской Федерации"),
    ("minsport", "federal-ministry", "yes",
     "Ministry of Sport of the Russian Federation",
     "Министерство спорта Российской Федерации"),
    ("minstroy", "federal-ministry", "yes",
     "Ministry of Construction, Housing and Utilities of the Russian "
     "Federation",
     "Министерство строительства и жилищно-коммунального хозяйства "
     "Российской Федерации"),
    ("minvostok", "federal-ministry", "yes",
     "Ministry for the Development of the Russian Far East and Arctic",
     "Министерство Российской Федерации по развитию Дальнего Востока "
     "и Арктики"),
    ("mchs", "federal-ministry", "yes",
     "Ministry of the Russian Federation for Civil Defence, Emergencies "
     "and Elimination of Consequences of Natural Disasters",
     "Министерство Российской Федерации по делам гражданской обороны, "
     "чрезвычайным ситуациям и ликвидации последствий стихийных бедствий"),
    ("fns", "federal-agency", "yes",
     "Federal Tax Service", "Федеральная налоговая служба"),
    ("fts", "federal-agency", "yes",
     "Federal Customs Service", "Федеральная таможенная служба"),
    ("rkn", "federal-agency", "yes",
     "Federal Service for Supervision of Communications, Information "
     "Technology and Mass Media (Roskomnadzor)",
     "Федеральная служба по надзору в сфере связи, информационных "
     "технологий и массовых коммуникаций (Роскомнадзор)"),
    ("rosstat", "federal-agency", "yes",
     "Federal State Statistics Service (Rosstat)",
     "Федеральная служба государственной статистики (Росстат)"),
    ("fedsfm", "federal-agency", "yes",
     "Federal Financial Monitoring Service (Rosfinmonitoring)",
     "Федеральная служба по финансовому мониторингу (Росфинмониторинг)"),
    ("fas", "federal-agency", "yes",
     "Federal Antimonopoly Service", "Федеральная антимонопольная служба"),
    ("roskazna", "federal-agency", "yes",
     "Federal Treasury", "Федеральное казначейство"),
    ("rosreestr", "federal-agency", "yes",
     "Federal Service for State Registration, Cadastre and Cartography "
     "(Rosreestr)",
     "Федеральная служба государственной регистрации, кадастра и "
     "картографии (Росреестр)"),
    ("fsvps", "federal-agency", "yes",
     "Federal Service for Veterinary and Phytosanitary Surveillance "
     "(Rosselkhoznadzor)",
     "Федеральная служба по ветеринарному и фитосанитарному надзору "
     "(Россельхознадзор)"),
    ("roszdravnadzor", "federal-agency", "yes",
     "Federal Service for Surveillance in Healthcare (Roszdravnadzor)",
     "Федеральная служба по надзору в сфере здравоохранения "
     "(Росздравнадзор)"),
    ("gosnadzor", "federal-agency", "yes",
     "Federal Environmental, Industrial and Nuclear Supervision Service "
     "(Rostekhnadzor)",
     "Федеральная служба по экологическому, технологическому и атомному "
     "надзору (Ростехнадзор)"),
    ("fsa", "federal-agency", "yes",
     "Federal Accreditation Service (Rosaccreditation)",
     "Федеральная служба по аккредитации (Росаккредитация)"),
    ("rostrud", "federal-agency", "yes",
     "Federal Service for Labour and Employment (Rostrud)",
     "Федеральная служба по труду и занятости (Роструд)"),
    ("rossvyaz", "federal-agency", "yes",
     "Federal Communications Agency (Rossvyaz)",
     "Федеральное агентство связи (Россвязь)"),
    ("favt", "federal-agency", "yes",
     "Federal Air Transport Agency (Rosaviatsia)",
     "Федеральное агентство воздушного транспорта (Росавиация)"),
    ("roszeldor", "federal-agency", "yes",
     "Federal Railway Transport Agency (Roszheldor)",
     "Федеральное агентство железнодорожного транспорта (Росжелдор)"),
    ("morflot", "federal-agency", "yes",
     "Federal Agency for Maritime and River Transport (Rosmorrechflot)",
     "Федеральное агентство морского и речного транспорта "
     "(Росморречфлот)"),
    ("rosavtodor", "federal-agency", "yes",
     "Federal Road Agency (Rosavtodor)",
     "Федеральное дорожное агентство (Росавтодор)"),
    ("tourism", "federal-agency", "yes",
     "Federal Agency for Tourism (Rosturizm)",
     "Федеральное агентство по туризму (Ростуризм)"),
    ("fish", "federal-agency", "yes",
     "Federal Agency for Fishery (Rosrybolovstvo)",
     "Федеральное агентство по рыболовству (Росрыболовство)"),
    ("rosleshoz", "federal-agency", "yes",
     "Federal Forestry Agency (Rosleskhoz)",
     "Федеральное агентство лесного хозяйства (Рослесхоз)"),
    ("rosnedra", "federal-agency", "yes",
     "Federal Agency for Subsoil Use (Rosnedra)",
     "Федеральное агентство по недропользованию (Роснедра)"),
    ("rosim", "federal-agency", "yes",
     "Federal Agency for State Property Management (Rosimushchestvo)",
     "Федеральное агентство по управлению государственным имуществом "
     "(Росимущество)"),
    ("gost", "federal-agency", "yes",
     "Federal Agency on Technical Regulating and Metrology (Rosstandart)",
     "Федеральное агентство по техническому регулированию и метрологии "
     "(Росстандарт)"),
    ("fmba", "federal-agency", "yes",
     "Federal Medical-Biological Agency",
     "Федеральное медико-биологическое агентство"),
    ("archives", "federal-agency", "yes",
     "Federal Archival Agency (Rosarkhiv)",
     "Федеральное архивное агентство (Росархив)"),
    ("mos", "regional-government", "yes",
     "Government of Moscow", "Правительство Москвы"),
    ("gov-spb", "regional-government", "yes",
     "Government of Saint Petersburg", "Правительство Санкт-Петербурга"),
    ("mosreg", "regional-government", "yes",
     "Government of the Moscow Region", "Правительство Московской области"),
    ("gov39", "regional-government", "yes",
     "Government of the Kaliningrad Region",
     "Правительство Калининградской области"),
    ("nso", "regional-government", "yes",
     "Government of the Novosibirsk Region",
     "Правительство Новосибирской области"),
    ("midural", "regional-government", "yes",
     "Government of the Sverdlovsk Region",
     "Правительство Свердловской области"),
    ("tatarstan", "regional-government", "yes",
     "Cabinet of Ministers of the Republic of Tatarstan",
     "Кабинет Министров Республики Татарстан"),
    ("nobl", "regional-government", "yes",
     "Government of the Nizhny Novgorod Region",
     "Правительство Нижегородской области"),
    ("lenobl", "regional-government", "yes",
     "Government of the Leningrad Region",
     "Правительство Ленинградской области"),
    ("krasnodar", "regional-government", "yes",
     "Administration of the Krasnodar Territory",
     "Администрация Краснодарского края"),
    ("samregion", "regional-government", "yes",
     "Government of the Samara Region", "Правительство Самарской области"),
    ("donland", "regional-government", "yes",
     "Government of the Rostov Region", "Правительство Ростовской области"),
    ("khabkrai", "regional-government", "yes",
     "Government of the Khabarovsk Territory",
     "Правительство Хабаровского края"),
    ("ekburg", "municipal", "yes",
     "Administration of the City of Yekaterinburg",
     "Администрация города Екатеринбурга"),
    ("novo-sibirsk", "municipal", "yes",
     "Mayor's Office of Novosibirsk", "Мэрия города Новосибирска"),
    ("kzn", "municipal", "yes",
     "Executive Committee of the City of Kazan",
     "Исполнительный комитет муниципального образования города Казани"),
    # Not government bodies: incidents against them count as incidents,
    # never as government bodies affected.
    ("rzd", "state-enterprise", "no",
     "Russian Railways", "ОАО «Российские железные дороги»"),
    ("pochta", "state-enterprise", "no",
     "Russian Post", "АО «Почта России»"),
    ("msu", "other", "no",
     "Lomonosov Moscow State University",
     "Московский государственный университет имени М. В. Ломоносова"),
    ("rian", "other", "no",
     "Rossiya Segodnya International Information Agency",
     "Международное информационное агентство «Россия сегодня»"),
]

GOV = [o[0] for o in ORGS if o[2] == "yes"]
NONGOV = [o[0] for o in ORGS if o[2] == "no"]

TYPES = ["ddos", "intrusion", "malware", "phishing", "defacement", "other"]
TYPE_WEIGHTS = [30, 18, 20, 22, 7, 3]

SUMMARY = {
    "ddos": ("Distributed denial-of-service attack on the official "
             "website; service degraded for several hours.",
             "DDoS-атака на официальный сайт; доступность сервиса "
             "нарушалась в течение нескольких часов."),
    "intrusion": ("Unauthorised access to an internal server from "
                  "addresses in the segment concerned.",
                  "Несанкционированный доступ к внутреннему серверу с "
                  "адресов указанного сегмента."),
    "malware": ("Malware distributed from servers in the segment "
                "concerned; infected workstations isolated.",
                "Распространение вредоносного программного обеспечения с "
                "серверов указанного сегмента; заражённые рабочие места "
                "изолированы."),
    "phishing": ("Targeted phishing mailing to staff from mail servers in "
                 "the segment concerned.",
                 "Целевая фишинговая рассылка сотрудникам с почтовых "
                 "серверов указанного сегмента."),
    "defacement": ("Defacement of a public web page.",
                   "Несанкционированное изменение содержимого публичной "
                   "веб-страницы."),
    "other": ("Scanning of the network perimeter and attempts to exploit "
              "known vulnerabilities.",
              "Сканирование сетевого периметра и попытки эксплуатации "
              "известных уязвимостей."),
}

# The case: DE incidents per month, 2019-01 .. 2020-05 (75 in all; none in
# August 2019, peak of 9 in March 2020).
DE_MONTHS = [3, 4, 5, 4, 6, 3, 2, 0, 4, 5, 6, 3, 4, 5, 9, 5, 7]
assert sum(DE_MONTHS) == 75


def months(start_year, start_month, n):
    y, m = start_year, start_month
    for _ in range(n):
        yield y, m
        m += 1
        if m == 13:
            y, m = y + 1, 1


def days_in(y, m):
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - date(y, m, 1)).days


def random_day(y, m):
    return date(y, m, rng.randint(1, days_in(y, m)))


class Incident:
    def __init__(self, detected, country, target):
        self.detected = detected
        self.country = country
        self.target = target
        self.type = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        self.severity = rng.choices([1, 2, 3, 4], [25, 40, 25, 10])[0]
        self.notifications = []     # [sent, recipient, [(received, q)]]
        self.ref = None

    def notify(self, days_after, recipient=None):
        sent = self.detected + timedelta(days=days_after)
        n = [sent, recipient or RECIPIENTS[self.country][0], []]
        self.notifications.append(n)
        return n


def de_case():
    """The 75 incidents of the case."""
    dates = []
    for (y, m), n in zip(months(2019, 1, 17), DE_MONTHS):
        dates += sorted(random_day(y, m) for _ in range(n))
    # Both ends of the period are inclusive: one incident on each.
    dates[0] = date(2019, 1, 1)
    dates[-1] = date(2020, 5, 31)
    dates.sort()

    # 69 incidents hit 53 distinct government bodies, 6 hit 3 others.
    bodies = rng.sample(GOV, 53)
    targets = bodies + rng.choices(bodies[:12], k=16) + \
        [NONGOV[0], NONGOV[0], NONGOV[1], NONGOV[1], NONGOV[2], NONGOV[2]]
    rng.shuffle(targets)
    incs = [Incident(d, "DE", t) for d, t in zip(dates, targets)]

    for i in incs:
        i.notify(rng.randint(1, 6))
    # Reminders on a dozen: a second notification to the BSI.
    for i in rng.sample(incs, 12):
        i.notify(rng.randint(35, 70), RECIPIENTS["DE"][1])

    # Exactly 7 replied, all formalistic. Choose among those detected
    # before 2020-05-01 but one: the May 2020 incident is answered after
    # the period ends, and still counts as replied.
    early = [i for i in incs if i.detected < date(2020, 4, 1)]
    replied = rng.sample(early, 6) + \
        [i for i in incs if i.detected >= date(2020, 5, 1)][:1]
    for k, i in enumerate(replied):
        first = i.notifications[0]
        first[2].append((first[0] + timedelta(days=rng.randint(18, 95)),
                         "formalistic"))
    # One of them answered twice (to the reminder too): 8 replies, still
    # 7 replied incidents.
    twice = next(i for i in replied if len(i.notifications) > 1) \
        if any(len(i.notifications) > 1 for i in replied) else None
    if twice is None:
        twice = replied[0]
        twice.notify(40, RECIPIENTS["DE"][1])
    reminder = twice.notifications[1]
    reminder[2].append((max(reminder[0] + timedelta(days=21),
                            twice.notifications[0][2][0][0]
                            + timedelta(days=1)), "formalistic"))
    return incs


def de_outside():
    """DE incidents just before and after the period."""
    incs = []
    # 2018: the consultation mechanism still worked for the first half;
    # some replies were substantive.
    for y, m in months(2018, 1, 12):
        for _ in range(rng.randint(1, 4)):
            incs.append(Incident(random_day(y, m), "DE",
                                 rng.choice(GOV + NONGOV)))
    incs.append(Incident(date(2018, 12, 31), "DE", rng.choice(GOV)))
    for y, m in months(2020, 6, 7):
        for _ in range(rng.randint(2, 6)):
            incs.append(Incident(random_day(y, m), "DE",
                                 rng.choice(GOV + NONGOV)))
    incs.append(Incident(date(2020, 6, 1), "DE", rng.choice(GOV)))
    for i in incs:
        i.notify(rng.randint(1, 5))
        if i.detected < date(2018, 6, 1) and rng.random() < 0.6:
            i.notifications[0][2].append(
                (i.notifications[0][0] + timedelta(days=rng.randint(7, 30)),
                 "substantive"))
        elif rng.random() < 0.1:
            i.notifications[0][2].append(
                (i.notifications[0][0] + timedelta(days=rng.randint(20, 80)),
                 "formalistic"))
    return incs


def others():
    """Incidents from other segments over 2018-2020."""
    profile = {         # per month, share notified, share replied, substantive
        "NL": (1.0, 0.9, 0.6, 0.7),
        "FR": (0.8, 0.9, 0.5, 0.5),
        "GB": (0.6, 0.8, 0.2, 0.3),
        "US": (1.6, 0.7, 0.1, 0.2),
        "PL": (0.5, 0.8, 0.3, 0.4),
        "UA": (0.8, 0.5, 0.0, 0.0),
        "CN": (0.9, 0.6, 0.3, 0.6),
    }
    incs = []
    for cc, (rate, p_notify, p_reply, p_subst) in profile.items():
        for y, m in months(2018, 1, 36):
            n = int(rate) + (rng.random() < rate - int(rate))
            for _ in range(n):
                i = Incident(random_day(y, m), cc, rng.choice(GOV + NONGOV))
                if rng.random() < p_notify:
                    i.notify(rng.randint(1, 10))
                    if rng.random() < p_reply:
                        i.notifications[0][2].append(
                            (i.notifications[0][0]
                             + timedelta(days=rng.randint(2, 60)),
                             "substantive" if rng.random() < p_subst
                             else "formalistic"))
                incs.append(i)
    return incs


EVENTS = [
    (date(2017, 10, 12), "DE",
     "Bilateral consultations on international information security held "
     "in Berlin at the level of deputy foreign ministers.",
     "В Берлине состоялись двусторонние консультации по вопросам "
     "международной информационной безопасности на уровне заместителей "
     "министров иностранных дел."),
    (date(2018, 6, 1), "DE",
     "The German side scaled down the bilateral consultation mechanism on "
     "cybersecurity to occasional contacts at expert level.",
     "Германская сторона свернула двусторонний механизм консультаций по "
     "кибербезопасности до эпизодических контактов на экспертном уровне."),
    (date(2019, 4, 17), "DE",
     "The Russian side proposed resuming the consultations in full; the "
     "proposal went unanswered.",
     "Российская сторона предложила возобновить консультации в полном "
     "объёме; предложение осталось без ответа."),
    (date(2020, 2, 20), "DE",
     "A note verbale listing the notifications left unanswered was handed "
     "to the Embassy of Germany in Moscow.",
     "Посольству Германии в Москве передана вербальная нота с перечнем "
     "оставленных без ответа уведомлений."),
    (date(2019, 9, 5), "NL",
     "Expert-level meeting of the national computer incident response "
     "centres in The Hague.",
     "Встреча экспертов национальных центров реагирования на компьютерные "
     "инциденты в Гааге."),
    (date(2019, 11, 28), "FR",
     "Agreement with ANSSI on the exchange of technical indicators of "
     "compromise.",
     "Достигнута договорённость с ANSSI об обмене техническими "
     "индикаторами компрометации."),
]


def attr(**kw):
    return " ".join("%s=%s" % (k.replace("_", "-"), quoteattr(str(v)))
                    for k, v in kw.items())


HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!-- %s\n     Written by tools/gen-sample.py; edit that, not '
        'this. -->\n'
        '<register xmlns="urn:briefgen:register:1">\n')


def write(path, comment, body):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD % comment)
        f.write(body)
        f.write("</register>\n")


def incident_xml(i):
    en, ru = SUMMARY[i.type]
    out = ["  <incident %s>\n" % attr(ref=i.ref, detected=i.detected,
                                      source_country=i.country,
                                      target=i.target, type=i.type,
                                      severity=i.severity),
           '    <summary xml:lang="en">%s</summary>\n' % escape(en),
           '    <summary xml:lang="ru">%s</summary>\n' % escape(ru)]
    for sent, recipient, replies in i.notifications:
        if not replies:
            out.append("    <notification %s/>\n"
                       % attr(sent=sent, recipient=recipient))
            continue
        out.append("    <notification %s>\n"
                   % attr(sent=sent, recipient=recipient))
        for received, quality in replies:
            out.append("      <reply %s/>\n"
                       % attr(received=received, quality=quality))
        out.append("    </notification>\n")
    out.append("  </incident>\n")
    return "".join(out)


def main():
    body = []
    for cc, en, ru in COUNTRIES:
        body.append('  <country code="%s">\n'
                    '    <name xml:lang="en">%s</name>\n'
                    '    <name xml:lang="ru">%s</name>\n'
                    '  </country>\n' % (cc, escape(en), escape(ru)))
    write("data/register/00-countries.xml",
          "Countries whose Internet segments incidents came from.",
          "".join(body))

    body = []
    for oid, kind, gov, en, ru in ORGS:
        body.append('  <organisation %s>\n'
                    '    <name xml:lang="ru">%s</name>\n'
                    '    <name xml:lang="en">%s</name>\n'
                    '  </organisation>\n'
                    % (attr(id=oid, kind=kind, government=gov),
                       escape(ru), escape(en)))
    write("data/register/01-organisations.xml",
          "Our bodies and organisations that incidents were aimed at.",
          "".join(body))

    incs = de_case() + de_outside() + others()
    incs.sort(key=lambda i: (i.detected, i.country, i.target))
    seq = {}
    for i in incs:
        y = i.detected.year
        seq[y] = seq.get(y, 0) + 1
        i.ref = "NCCCI-%d-%04d" % (y, seq[y])
    for y in (2018, 2019, 2020):
        body = [incident_xml(i) for i in incs if i.detected.year == y]
        write("data/register/1%d-incidents-%d.xml" % (y - 2018, y),
              "Incidents detected in %d, all source segments." % y,
              "".join(body))

    body = []
    for d, cc, en, ru in EVENTS:
        body.append('  <event %s>\n'
                    '    <text xml:lang="en">%s</text>\n'
                    '    <text xml:lang="ru">%s</text>\n'
                    '  </event>\n' % (attr(date=d, country=cc),
                                      escape(en), escape(ru)))
    write("data/register/20-events.xml",
          "Events that give the incidents their context.", "".join(body))


if __name__ == "__main__":
    main()
