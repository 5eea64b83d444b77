/*
 * gen: write a large register in the exchange format for the benchmark.
 *
 * Usage: gen INCIDENTS OUTDIR. Writes 00-countries.xml (30 countries),
 * 01-organisations.xml (2,000 organisations) and 10-incidents-YYYY.xml
 * for 2015..2024, the incidents spread evenly over the days of those
 * years, into OUTDIR (created if missing). Files import in the order of
 * their names, so that every reference names something already there.
 *
 * The output depends on the arguments alone: a fixed seed for our own
 * PRNG, no clock, no rand(), no locale, no floating point. It must not
 * need anything but libc, so that the benchmark builds wherever the
 * program does; it shares no code with briefgen on purpose, since it is
 * the input briefgen is measured on.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define FIRST_YEAR	2015
#define YEARS		10
#define LAST_DAY_YEAR	2025		/* the date table ends 2025-12-31 */
#define MAX_INCIDENTS	9999990UL	/* refs keep six digits a year */
#define NAME_MIN	20		/* characters, not bytes */
#define NAME_MAX_CH	120
#define OUTBUF		(1 << 20)	/* bytes */

/* The PRNG: splitmix64, one stream for the whole run. */
static uint64_t	rng_state = 0x20150101c0ffee11ULL;

static uint64_t
rng_next(void)
{
	uint64_t	z;

	z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n): multiply and shift, no modulo bias worth naming. */
static uint32_t
rng_below(uint32_t n)
{
	return (uint32_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/*
 * Countries: weight is the share of incidents in thousandths. DE has
 * a tenth; the others fall off steeply. A NULL recipient means the
 * generic "National CERT of <name>".
 */
struct country {
	const char	*code;
	const char	*en;
	const char	*ru;
	unsigned	 weight;	/* thousandths of all incidents */
	const char	*recipient[2];
};

static const struct country countries[] = {
	{ "DE", "Germany", "Германия", 100,
	    { "Federal Office for Information Security (BSI)",
	      "Federal Foreign Office of Germany" } },
	{ "NL", "Netherlands", "Нидерланды", 80,
	    { "National Cyber Security Centre of the Netherlands (NCSC-NL)",
	      NULL } },
	{ "FR", "France", "Франция", 55,
	    { "National Cybersecurity Agency of France (ANSSI)", NULL } },
	{ "GB", "United Kingdom", "Великобритания", 60,
	    { "National Cyber Security Centre (NCSC UK)", NULL } },
	{ "US", "United States", "Соединённые Штаты Америки", 164,
	    { "Cybersecurity and Infrastructure Security Agency (CISA)",
	      NULL } },
	{ "PL", "Poland", "Польша", 40, { "CERT Polska", NULL } },
	{ "UA", "Ukraine", "Украина", 55,
	    { "Computer Emergency Response Team of Ukraine (CERT-UA)",
	      NULL } },
	{ "CN", "China", "Китай", 110,
	    { "National Computer Network Emergency Response Technical Team "
	      "(CNCERT/CC)", NULL } },
	{ "TR", "Turkey", "Турция", 35, { NULL, NULL } },
	{ "IN", "India", "Индия", 30,
	    { "Indian Computer Emergency Response Team (CERT-In)", NULL } },
	{ "BR", "Brazil", "Бразилия", 28, { NULL, NULL } },
	{ "IR", "Iran", "Иран", 25, { NULL, NULL } },
	{ "KR", "Republic of Korea", "Республика Корея", 22,
	    { "Korea Internet & Security Agency (KISA)", NULL } },
	{ "JP", "Japan", "Япония", 20,
	    { "Japan Computer Emergency Response Team Coordination Center "
	      "(JPCERT/CC)", NULL } },
	{ "IT", "Italy", "Италия", 20, { NULL, NULL } },
	{ "ES", "Spain", "Испания", 18, { NULL, NULL } },
	{ "SE", "Sweden", "Швеция", 16, { NULL, NULL } },
	{ "FI", "Finland", "Финляндия", 15, { NULL, NULL } },
	{ "LT", "Lithuania", "Литва", 14, { NULL, NULL } },
	{ "LV", "Latvia", "Латвия", 12, { NULL, NULL } },
	{ "EE", "Estonia", "Эстония", 12, { NULL, NULL } },
	{ "CZ", "Czechia", "Чехия", 11, { NULL, NULL } },
	{ "RO", "Romania", "Румыния", 10, { NULL, NULL } },
	{ "BG", "Bulgaria", "Болгария", 9, { NULL, NULL } },
	{ "NO", "Norway", "Норвегия", 8, { NULL, NULL } },
	{ "DK", "Denmark", "Дания", 7, { NULL, NULL } },
	{ "BE", "Belgium", "Бельгия", 7, { NULL, NULL } },
	{ "AT", "Austria", "Австрия", 6, { NULL, NULL } },
	{ "CH", "Switzerland", "Швейцария", 6, { NULL, NULL } },
	{ "KZ", "Kazakhstan", "Казахстан", 5, { NULL, NULL } },
};

#define NCOUNTRIES	(sizeof(countries) / sizeof(countries[0]))

/*
 * Regions: the English phrase after "of"/"for", the Russian genitive
 * ("Правительство Тверской области") and dative ("по Тверской
 * области"), which differ for territories and republics.
 */
struct region {
	const char	*en;
	const char	*gen;
	const char	*dat;
};

#define OBL(e, r)	{ "the " e " Region", r " области", r " области" }
#define KRAI(e, g, d)	{ "the " e " Territory", g " края", d " краю" }

static const struct region regions[] = {
	{ "Moscow", "Москвы", "Москве" },
	{ "Saint Petersburg", "Санкт-Петербурга", "Санкт-Петербургу" },
	OBL("Moscow", "Московской"),
	OBL("Leningrad", "Ленинградской"),
	OBL("Tver", "Тверской"),
	OBL("Kaluga", "Калужской"),
	OBL("Tula", "Тульской"),
	OBL("Ryazan", "Рязанской"),
	OBL("Vladimir", "Владимирской"),
	OBL("Yaroslavl", "Ярославской"),
	OBL("Kostroma", "Костромской"),
	OBL("Ivanovo", "Ивановской"),
	OBL("Smolensk", "Смоленской"),
	OBL("Bryansk", "Брянской"),
	OBL("Oryol", "Орловской"),
	OBL("Kursk", "Курской"),
	OBL("Belgorod", "Белгородской"),
	OBL("Voronezh", "Воронежской"),
	OBL("Lipetsk", "Липецкой"),
	OBL("Tambov", "Тамбовской"),
	OBL("Kaliningrad", "Калининградской"),
	OBL("Pskov", "Псковской"),
	OBL("Novgorod", "Новгородской"),
	OBL("Vologda", "Вологодской"),
	OBL("Arkhangelsk", "Архангельской"),
	OBL("Murmansk", "Мурманской"),
	OBL("Nizhny Novgorod", "Нижегородской"),
	OBL("Samara", "Самарской"),
	OBL("Saratov", "Саратовской"),
	OBL("Volgograd", "Волгоградской"),
	OBL("Rostov", "Ростовской"),
	OBL("Astrakhan", "Астраханской"),
	OBL("Penza", "Пензенской"),
	OBL("Ulyanovsk", "Ульяновской"),
	OBL("Orenburg", "Оренбургской"),
	OBL("Sverdlovsk", "Свердловской"),
	OBL("Chelyabinsk", "Челябинской"),
	OBL("Tyumen", "Тюменской"),
	OBL("Kurgan", "Курганской"),
	OBL("Omsk", "Омской"),
	OBL("Novosibirsk", "Новосибирской"),
	OBL("Tomsk", "Томской"),
	OBL("Kemerovo", "Кемеровской"),
	OBL("Irkutsk", "Иркутской"),
	OBL("Amur", "Амурской"),
	OBL("Sakhalin", "Сахалинской"),
	OBL("Magadan", "Магаданской"),
	OBL("Kirov", "Кировской"),
	KRAI("Krasnodar", "Краснодарского", "Краснодарскому"),
	KRAI("Stavropol", "Ставропольского", "Ставропольскому"),
	KRAI("Perm", "Пермского", "Пермскому"),
	KRAI("Altai", "Алтайского", "Алтайскому"),
	KRAI("Krasnoyarsk", "Красноярского", "Красноярскому"),
	KRAI("Khabarovsk", "Хабаровского", "Хабаровскому"),
	KRAI("Primorye", "Приморского", "Приморскому"),
	{ "the Republic of Tatarstan", "Республики Татарстан",
	    "Республике Татарстан" },
	{ "the Republic of Bashkortostan", "Республики Башкортостан",
	    "Республике Башкортостан" },
	{ "the Republic of Karelia", "Республики Карелия",
	    "Республике Карелия" },
	{ "the Komi Republic", "Республики Коми", "Республике Коми" },
	{ "the Chuvash Republic", "Чувашской Республики",
	    "Чувашской Республике" },
	{ "the Udmurt Republic", "Удмуртской Республики",
	    "Удмуртской Республике" },
	{ "the Republic of Mordovia", "Республики Мордовия",
	    "Республике Мордовия" },
	{ "the Republic of Buryatia", "Республики Бурятия",
	    "Республике Бурятия" },
	{ "the Republic of Sakha (Yakutia)", "Республики Саха (Якутия)",
	    "Республике Саха (Якутия)" },
	{ "the Republic of Dagestan", "Республики Дагестан",
	    "Республике Дагестан" },
};

#define NREGIONS	(sizeof(regions) / sizeof(regions[0]))

/* A pair of names, English and Russian. */
struct pair {
	const char	*en;
	const char	*ru;
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Federal ministries: what follows "Ministry of" / "Министерство". */
static const struct pair ministries[] = {
	{ "Finance", "финансов" },
	{ "Foreign Affairs", "иностранных дел" },
	{ "Economic Development", "экономического развития" },
	{ "Digital Development, Communications and Mass Media",
	    "цифрового развития, связи и массовых коммуникаций" },
	{ "Energy", "энергетики" },
	{ "Transport", "транспорта" },
	{ "Health", "здравоохранения" },
	{ "Science and Higher Education", "науки и высшего образования" },
	{ "Education", "просвещения" },
	{ "Industry and Trade", "промышленности и торговли" },
	{ "Agriculture", "сельского хозяйства" },
	{ "Natural Resources and Environment",
	    "природных ресурсов и экологии" },
	{ "Justice", "юстиции" },
	{ "Labour and Social Protection", "труда и социальной защиты" },
	{ "Culture", "культуры" },
	{ "Sport", "спорта" },
	{ "Construction, Housing and Utilities",
	    "строительства и жилищно-коммунального хозяйства" },
	{ "Internal Affairs", "внутренних дел" },
	{ "Defence", "обороны" },
};

/* Departments of a federal ministry; the first entry is the ministry. */
static const struct pair fed_depts[] = {
	{ NULL, NULL },
	{ "Department of Information Security",
	    "Департамент информационной безопасности" },
	{ "Department of Digital Transformation",
	    "Департамент цифровой трансформации" },
	{ "Legal Department", "Правовой департамент" },
	{ "Department of International Cooperation",
	    "Департамент международного сотрудничества" },
	{ "Administrative Department", "Административный департамент" },
	{ "Department of Finance and Economics",
	    "Финансово-экономический департамент" },
	{ "Department of Personnel Policy",
	    "Департамент кадровой политики" },
	{ "Department of Strategic Planning",
	    "Департамент стратегического планирования" },
	{ "Department of Public Procurement",
	    "Департамент государственных закупок" },
	{ "Department of Information Technology",
	    "Департамент информационных технологий" },
	{ "Press Service", "Пресс-служба" },
	{ "Department of State Policy",
	    "Департамент государственной политики" },
	{ "Department of Regional Policy",
	    "Департамент региональной политики" },
};

/*
 * Federal agencies. terr_en/terr_ru name the agency in its territorial
 * offices ("Office of Rosreestr for the Tver Region", "Управление
 * Росреестра по Тверской области"); NULL when it has none by region.
 */
struct agency {
	const char	*en;
	const char	*ru;
	const char	*terr_en;
	const char	*terr_ru;
};

static const struct agency agencies[] = {
	{ "Federal Tax Service of Russia", "Федеральная налоговая служба",
	    "the Federal Tax Service", "Федеральной налоговой службы" },
	{ "Federal Treasury of Russia", "Федеральное казначейство",
	    "the Federal Treasury", "Федерального казначейства" },
	{ "Federal Service for State Registration, Cadastre and Cartography "
	    "(Rosreestr)",
	    "Федеральная служба государственной регистрации, кадастра и "
	    "картографии (Росреестр)", "Rosreestr", "Росреестра" },
	{ "Federal Service for Supervision of Communications, Information "
	    "Technology and Mass Media (Roskomnadzor)",
	    "Федеральная служба по надзору в сфере связи, информационных "
	    "технологий и массовых коммуникаций (Роскомнадзор)",
	    "Roskomnadzor", "Роскомнадзора" },
	{ "Federal Bailiff Service", "Федеральная служба судебных приставов",
	    "the Federal Bailiff Service",
	    "Федеральной службы судебных приставов" },
	{ "Federal Service for Supervision of Consumer Rights Protection "
	    "and Human Welfare (Rospotrebnadzor)",
	    "Федеральная служба по надзору в сфере защиты прав потребителей "
	    "и благополучия человека (Роспотребнадзор)",
	    "Rospotrebnadzor", "Роспотребнадзора" },
	{ "Federal Antimonopoly Service", "Федеральная антимонопольная служба",
	    "the Federal Antimonopoly Service",
	    "Федеральной антимонопольной службы" },
	{ "Federal State Statistics Service (Rosstat)",
	    "Федеральная служба государственной статистики (Росстат)",
	    "the Federal State Statistics Service",
	    "Федеральной службы государственной статистики" },
	{ "Federal Penitentiary Service",
	    "Федеральная служба исполнения наказаний",
	    "the Federal Penitentiary Service",
	    "Федеральной службы исполнения наказаний" },
	{ "Federal Service for Veterinary and Phytosanitary Surveillance "
	    "(Rosselkhoznadzor)",
	    "Федеральная служба по ветеринарному и фитосанитарному надзору "
	    "(Россельхознадзор)", "Rosselkhoznadzor", "Россельхознадзора" },
	{ "Federal Service for Surveillance in Healthcare (Roszdravnadzor)",
	    "Федеральная служба по надзору в сфере здравоохранения "
	    "(Росздравнадзор)", "Roszdravnadzor", "Росздравнадзора" },
	{ "Federal Service for Supervision of Natural Resource Usage "
	    "(Rosprirodnadzor)",
	    "Федеральная служба по надзору в сфере природопользования "
	    "(Росприроднадзор)", "Rosprirodnadzor", "Росприроднадзора" },
	{ "Federal Customs Service", "Федеральная таможенная служба",
	    NULL, NULL },
	{ "Federal Financial Monitoring Service (Rosfinmonitoring)",
	    "Федеральная служба по финансовому мониторингу "
	    "(Росфинмониторинг)", NULL, NULL },
	{ "Federal Service for Technical and Export Control (FSTEC of Russia)",
	    "Федеральная служба по техническому и экспортному контролю "
	    "(ФСТЭК России)", NULL, NULL },
	{ "Federal Environmental, Industrial and Nuclear Supervision Service "
	    "(Rostekhnadzor)",
	    "Федеральная служба по экологическому, технологическому и "
	    "атомному надзору (Ростехнадзор)", NULL, NULL },
	{ "Federal Accreditation Service (Rosaccreditation)",
	    "Федеральная служба по аккредитации (Росаккредитация)",
	    NULL, NULL },
	{ "Federal Service for Labour and Employment (Rostrud)",
	    "Федеральная служба по труду и занятости (Роструд)", NULL, NULL },
	{ "Federal Service for Intellectual Property (Rospatent)",
	    "Федеральная служба по интеллектуальной собственности "
	    "(Роспатент)", NULL, NULL },
	{ "Federal Service for Hydrometeorology and Environmental "
	    "Monitoring (Roshydromet)",
	    "Федеральная служба по гидрометеорологии и мониторингу "
	    "окружающей среды (Росгидромет)", NULL, NULL },
	{ "Federal Service for Supervision in Education and Science "
	    "(Rosobrnadzor)",
	    "Федеральная служба по надзору в сфере образования и науки "
	    "(Рособрнадзор)", NULL, NULL },
	{ "Federal Service for Military-Technical Cooperation",
	    "Федеральная служба по военно-техническому сотрудничеству",
	    NULL, NULL },
	{ "Federal Communications Agency (Rossvyaz)",
	    "Федеральное агентство связи (Россвязь)", NULL, NULL },
	{ "Federal Air Transport Agency (Rosaviatsia)",
	    "Федеральное агентство воздушного транспорта (Росавиация)",
	    NULL, NULL },
	{ "Federal Railway Transport Agency (Roszheldor)",
	    "Федеральное агентство железнодорожного транспорта (Росжелдор)",
	    NULL, NULL },
	{ "Federal Agency for Maritime and River Transport (Rosmorrechflot)",
	    "Федеральное агентство морского и речного транспорта "
	    "(Росморречфлот)", NULL, NULL },
	{ "Federal Road Agency (Rosavtodor)",
	    "Федеральное дорожное агентство (Росавтодор)", NULL, NULL },
	{ "Federal Agency for Tourism (Rosturizm)",
	    "Федеральное агентство по туризму (Ростуризм)", NULL, NULL },
	{ "Federal Agency for Fishery (Rosrybolovstvo)",
	    "Федеральное агентство по рыболовству (Росрыболовство)",
	    NULL, NULL },
	{ "Federal Forestry Agency (Rosleskhoz)",
	    "Федеральное агентство лесного хозяйства (Рослесхоз)", NULL, NULL },
	{ "Federal Agency for Subsoil Use (Rosnedra)",
	    "Федеральное агентство по недропользованию (Роснедра)",
	    NULL, NULL },
	{ "Federal Agency for State Property Management (Rosimushchestvo)",
	    "Федеральное агентство по управлению государственным "
	    "имуществом (Росимущество)", NULL, NULL },
	{ "Federal Agency on Technical Regulating and Metrology "
	    "(Rosstandart)",
	    "Федеральное агентство по техническому регулированию и "
	    "метрологии (Росстандарт)", NULL, NULL },
	{ "Federal Medical-Biological Agency",
	    "Федеральное медико-биологическое агентство", NULL, NULL },
	{ "Federal Archival Agency (Rosarkhiv)",
	    "Федеральное архивное агентство (Росархив)", NULL, NULL },
	{ "Federal Agency for Youth Affairs (Rosmolodezh)",
	    "Федеральное агентство по делам молодёжи (Росмолодёжь)",
	    NULL, NULL },
	{ "Federal Agency for Ethnic Affairs",
	    "Федеральное агентство по делам национальностей", NULL, NULL },
};

/* Regional executive bodies; the first entry is the government. */
static const struct pair reg_bodies[] = {
	{ NULL, NULL },
	{ "Health", "здравоохранения" },
	{ "Education", "образования" },
	{ "Finance", "финансов" },
	{ "Economic Development", "экономического развития" },
	{ "Digital Development", "цифрового развития" },
	{ "Transport", "транспорта" },
	{ "Social Protection", "социальной защиты населения" },
	{ "Agriculture", "сельского хозяйства" },
	{ "Property Relations", "имущественных отношений" },
	{ "Construction", "строительства" },
	{ "Culture", "культуры" },
};

/* Cities with their Russian genitive ("Администрация города Казани"). */
static const struct pair cities[] = {
	{ "Kazan", "Казани" }, { "Tver", "Твери" }, { "Samara", "Самары" },
	{ "Novosibirsk", "Новосибирска" },
	{ "Yekaterinburg", "Екатеринбурга" },
	{ "Nizhny Novgorod", "Нижнего Новгорода" },
	{ "Rostov-on-Don", "Ростова-на-Дону" },
	{ "Chelyabinsk", "Челябинска" }, { "Omsk", "Омска" },
	{ "Ufa", "Уфы" }, { "Krasnoyarsk", "Красноярска" },
	{ "Perm", "Перми" }, { "Voronezh", "Воронежа" },
	{ "Volgograd", "Волгограда" }, { "Krasnodar", "Краснодара" },
	{ "Saratov", "Саратова" }, { "Tyumen", "Тюмени" },
	{ "Tolyatti", "Тольятти" }, { "Izhevsk", "Ижевска" },
	{ "Barnaul", "Барнаула" }, { "Ulyanovsk", "Ульяновска" },
	{ "Irkutsk", "Иркутска" }, { "Khabarovsk", "Хабаровска" },
	{ "Yaroslavl", "Ярославля" }, { "Vladivostok", "Владивостока" },
	{ "Makhachkala", "Махачкалы" }, { "Tomsk", "Томска" },
	{ "Orenburg", "Оренбурга" }, { "Kemerovo", "Кемерово" },
	{ "Novokuznetsk", "Новокузнецка" }, { "Ryazan", "Рязани" },
	{ "Astrakhan", "Астрахани" },
	{ "Naberezhnye Chelny", "Набережных Челнов" },
	{ "Penza", "Пензы" }, { "Lipetsk", "Липецка" },
	{ "Kirov", "Кирова" }, { "Cheboksary", "Чебоксар" },
	{ "Tula", "Тулы" }, { "Kaliningrad", "Калининграда" },
	{ "Kursk", "Курска" }, { "Stavropol", "Ставрополя" },
	{ "Ulan-Ude", "Улан-Удэ" }, { "Sochi", "Сочи" },
	{ "Magnitogorsk", "Магнитогорска" }, { "Ivanovo", "Иваново" },
	{ "Bryansk", "Брянска" }, { "Belgorod", "Белгорода" },
	{ "Surgut", "Сургута" }, { "Vladimir", "Владимира" },
	{ "Arkhangelsk", "Архангельска" }, { "Chita", "Читы" },
	{ "Smolensk", "Смоленска" }, { "Kaluga", "Калуги" },
	{ "Kurgan", "Кургана" }, { "Oryol", "Орла" },
	{ "Cherepovets", "Череповца" }, { "Vologda", "Вологды" },
	{ "Vladikavkaz", "Владикавказа" }, { "Murmansk", "Мурманска" },
	{ "Saransk", "Саранска" }, { "Yakutsk", "Якутска" },
	{ "Tambov", "Тамбова" }, { "Grozny", "Грозного" },
	{ "Sterlitamak", "Стерлитамака" }, { "Kostroma", "Костромы" },
	{ "Petrozavodsk", "Петрозаводска" },
	{ "Nizhnevartovsk", "Нижневартовска" },
	{ "Novorossiysk", "Новороссийска" },
	{ "Yoshkar-Ola", "Йошкар-Олы" }, { "Taganrog", "Таганрога" },
	{ "Syktyvkar", "Сыктывкара" }, { "Nalchik", "Нальчика" },
	{ "Shakhty", "Шахт" }, { "Dzerzhinsk", "Дзержинска" },
	{ "Orsk", "Орска" }, { "Bratsk", "Братска" },
	{ "Blagoveshchensk", "Благовещенска" }, { "Engels", "Энгельса" },
	{ "Angarsk", "Ангарска" },
	{ "Veliky Novgorod", "Великого Новгорода" },
	{ "Stary Oskol", "Старого Оскола" }, { "Pskov", "Пскова" },
	{ "Biysk", "Бийска" }, { "Yuzhno-Sakhalinsk", "Южно-Сахалинска" },
	{ "Rybinsk", "Рыбинска" }, { "Armavir", "Армавира" },
	{ "Severodvinsk", "Северодвинска" },
	{ "Petropavlovsk-Kamchatsky", "Петропавловска-Камчатского" },
	{ "Norilsk", "Норильска" }, { "Syzran", "Сызрани" },
	{ "Volzhsky", "Волжского" }, { "Abakan", "Абакана" },
	{ "Kamensk-Uralsky", "Каменска-Уральского" },
	{ "Ussuriysk", "Уссурийска" }, { "Novocherkassk", "Новочеркасска" },
	{ "Zlatoust", "Златоуста" }, { "Elektrostal", "Электростали" },
	{ "Almetyevsk", "Альметьевска" }, { "Nakhodka", "Находки" },
	{ "Pyatigorsk", "Пятигорска" }, { "Kolomna", "Коломны" },
	{ "Maykop", "Майкопа" }, { "Kislovodsk", "Кисловодска" },
};

/* Bodies of a city administration; the first is the administration. */
static const struct pair city_depts[] = {
	{ NULL, NULL },
	{ "Education Department", "Управление образования" },
	{ "Health Department", "Управление здравоохранения" },
	{ "Finance Department", "Финансовое управление" },
	{ "Department of Housing and Utilities",
	    "Управление жилищно-коммунального хозяйства" },
	{ "Municipal Property Committee",
	    "Комитет по управлению муниципальным имуществом" },
	{ "Department of Architecture and Urban Planning",
	    "Управление архитектуры и градостроительства" },
	{ "Transport Department", "Управление транспорта" },
	{ "Social Protection Department",
	    "Управление социальной защиты населения" },
};

/* State enterprises under their full names. */
static const struct pair enterprises[] = {
	{ "Russian Railways (RZD)",
	    "Открытое акционерное общество «Российские железные дороги»" },
	{ "Russian Post (Pochta Rossii)", "Акционерное общество «Почта России»" },
	{ "Rostelecom Public Joint-Stock Company",
	    "Публичное акционерное общество «Ростелеком»" },
	{ "Rosatom State Atomic Energy Corporation",
	    "Государственная корпорация по атомной энергии «Росатом»" },
	{ "Roscosmos State Space Corporation",
	    "Государственная корпорация по космической деятельности "
	    "«Роскосмос»" },
	{ "Rostec State Corporation", "Государственная корпорация «Ростех»" },
	{ "Aeroflot Russian Airlines",
	    "Публичное акционерное общество «Аэрофлот — российские "
	    "авиалинии»" },
	{ "Transneft Public Joint-Stock Company",
	    "Публичное акционерное общество «Транснефть»" },
	{ "Rosseti Public Joint-Stock Company",
	    "Публичное акционерное общество «Россети»" },
	{ "RusHydro Public Joint-Stock Company",
	    "Публичное акционерное общество «РусГидро»" },
	{ "Almaz-Antey Air and Space Defence Corporation",
	    "Акционерное общество «Концерн воздушно-космической обороны "
	    "«Алмаз — Антей»" },
	{ "United Aircraft Corporation",
	    "Публичное акционерное общество «Объединённая авиастроительная "
	    "корпорация»" },
	{ "United Shipbuilding Corporation",
	    "Акционерное общество «Объединённая судостроительная "
	    "корпорация»" },
	{ "Russian Helicopters Holding Company",
	    "Акционерное общество «Вертолёты России»" },
	{ "Goznak Joint-Stock Company", "Акционерное общество «Гознак»" },
	{ "Rosmorport Federal State Unitary Enterprise",
	    "Федеральное государственное унитарное предприятие "
	    "«Росморпорт»" },
	{ "Russian Satellite Communications Company",
	    "Федеральное государственное унитарное предприятие «Космическая "
	    "связь»" },
	{ "Russian Television and Radio Broadcasting Network (RTRS)",
	    "Федеральное государственное унитарное предприятие «Российская "
	    "телевизионная и радиовещательная сеть»" },
	{ "Main Radio Frequency Centre",
	    "Федеральное государственное унитарное предприятие «Главный "
	    "радиочастотный центр»" },
	{ "State Development Corporation VEB.RF",
	    "Государственная корпорация развития «ВЭБ.РФ»" },
	{ "Russian Highways State Company (Avtodor)",
	    "Государственная компания «Российские автомобильные дороги»" },
	{ "Mosvodokanal Joint-Stock Company",
	    "Акционерное общество «Мосводоканал»" },
	{ "Moscow Metro State Unitary Enterprise",
	    "Государственное унитарное предприятие «Московский "
	    "метрополитен»" },
	{ "Saint Petersburg Metro",
	    "Санкт-Петербургское государственное унитарное предприятие "
	    "«Петербургский метрополитен»" },
	{ "Gazprom Public Joint-Stock Company",
	    "Публичное акционерное общество «Газпром»" },
	{ "Rosneft Oil Company PJSC",
	    "Публичное акционерное общество «Нефтяная компания «Роснефть»" },
	{ "Sberbank of Russia PJSC",
	    "Публичное акционерное общество «Сбербанк России»" },
	{ "VTB Bank Public Joint-Stock Company",
	    "Банк ВТБ (публичное акционерное общество)" },
};

/* Enterprises with a branch in every region, by their short names. */
static const struct pair branched[] = {
	{ "Rostelecom", "ПАО «Ростелеком»" },
	{ "Russian Post", "АО «Почта России»" },
	{ "the Russian Television and Radio Broadcasting Network",
	    "ФГУП «РТРС»" },
	{ "the Main Radio Frequency Centre", "ФГУП «ГРЧЦ»" },
	{ "Rosseti", "ПАО «Россети»" },
};

/* Neither government bodies nor enterprises. */
static const struct pair others[] = {
	{ "Lomonosov Moscow State University",
	    "Московский государственный университет имени М. В. Ломоносова" },
	{ "Saint Petersburg State University",
	    "Санкт-Петербургский государственный университет" },
	{ "Novosibirsk State University",
	    "Новосибирский государственный университет" },
	{ "Kazan Federal University", "Казанский федеральный университет" },
	{ "Ural Federal University", "Уральский федеральный университет" },
	{ "Siberian Federal University", "Сибирский федеральный университет" },
	{ "Southern Federal University", "Южный федеральный университет" },
	{ "Far Eastern Federal University",
	    "Дальневосточный федеральный университет" },
	{ "Tomsk State University", "Томский государственный университет" },
	{ "HSE University (Higher School of Economics)",
	    "Национальный исследовательский университет «Высшая школа "
	    "экономики»" },
	{ "Bauman Moscow State Technical University",
	    "Московский государственный технический университет имени "
	    "Н. Э. Баумана" },
	{ "Moscow State Institute of International Relations (MGIMO)",
	    "Московский государственный институт международных отношений "
	    "(университет) МИД России" },
	{ "Moscow Institute of Physics and Technology",
	    "Московский физико-технический институт" },
	{ "ITMO National Research University",
	    "Национальный исследовательский университет ИТМО" },
	{ "Russian Academy of Sciences", "Российская академия наук" },
	{ "Kurchatov Institute National Research Centre",
	    "Национальный исследовательский центр «Курчатовский институт»" },
	{ "Rossiya Segodnya International Information Agency",
	    "Международное информационное агентство «Россия сегодня»" },
	{ "TASS Russian News Agency", "Информационное агентство России «ТАСС»" },
	{ "All-Russia State Television and Radio Broadcasting Company "
	    "(VGTRK)",
	    "Всероссийская государственная телевизионная и радиовещательная "
	    "компания (ВГТРК)" },
	{ "Channel One Russia Joint-Stock Company",
	    "Акционерное общество «Первый канал»" },
	{ "Russian State Library", "Российская государственная библиотека" },
	{ "National Library of Russia", "Российская национальная библиотека" },
	{ "State Hermitage Museum", "Государственный Эрмитаж" },
	{ "State Tretyakov Gallery", "Государственная Третьяковская галерея" },
	{ "Pushkin State Museum of Fine Arts",
	    "Государственный музей изобразительных искусств имени "
	    "А. С. Пушкина" },
	{ "Bolshoi Theatre of Russia",
	    "Государственный академический Большой театр России" },
	{ "State Academic Mariinsky Theatre",
	    "Государственный академический Мариинский театр" },
	{ "Russian Foundation for Basic Research",
	    "Российский фонд фундаментальных исследований" },
	{ "Russian Science Foundation", "Российский научный фонд" },
	{ "Skolkovo Innovation Centre Foundation",
	    "Фонд развития инновационного центра «Сколково»" },
	{ "Russian Red Cross Society",
	    "Общероссийская общественная организация «Российский Красный "
	    "Крест»" },
	{ "Chamber of Commerce and Industry of the Russian Federation",
	    "Торгово-промышленная палата Российской Федерации" },
	{ "Russian Union of Industrialists and Entrepreneurs",
	    "Российский союз промышленников и предпринимателей" },
	{ "Russian International Affairs Council",
	    "Российский совет по международным делам" },
	{ "Valdai Discussion Club Foundation",
	    "Фонд развития и поддержки Международного дискуссионного клуба "
	    "«Валдай»" },
	{ "Gorchakov Public Diplomacy Fund",
	    "Фонд поддержки публичной дипломатии имени А. М. Горчакова" },
	{ "Russian Geographical Society", "Русское географическое общество" },
	{ "Pirogov Russian National Research Medical University",
	    "Российский национальный исследовательский медицинский "
	    "университет имени Н. И. Пирогова" },
	{ "Sechenov First Moscow State Medical University",
	    "Первый Московский государственный медицинский университет "
	    "имени И. М. Сеченова" },
	{ "Plekhanov Russian University of Economics",
	    "Российский экономический университет имени Г. В. Плеханова" },
	{ "Financial University under the Government of the Russian "
	    "Federation",
	    "Финансовый университет при Правительстве Российской Федерации" },
	{ "Russian Presidential Academy of National Economy and Public "
	    "Administration",
	    "Российская академия народного хозяйства и государственной "
	    "службы при Президенте Российской Федерации" },
	{ "Diplomatic Academy of the Ministry of Foreign Affairs of Russia",
	    "Дипломатическая академия Министерства иностранных дел "
	    "Российской Федерации" },
};

/* Institutes of the Russian Academy of Sciences: "Institute of ...". */
static const struct pair institutes[] = {
	{ "Applied Mathematics", "прикладной математики" },
	{ "Control Sciences", "проблем управления" },
	{ "System Programming", "системного программирования" },
	{ "Information Transmission Problems",
	    "проблем передачи информации" },
	{ "Oriental Studies", "востоковедения" },
	{ "World Economy and International Relations",
	    "мировой экономики и международных отношений" },
	{ "Europe", "Европы" },
	{ "Latin America", "Латинской Америки" },
	{ "Africa", "Африки" },
	{ "State and Law", "государства и права" },
	{ "Philosophy", "философии" },
	{ "World History", "всеобщей истории" },
	{ "Economics", "экономики" },
	{ "Linguistics", "языкознания" },
	{ "Russian Language", "русского языка" },
	{ "Space Research", "космических исследований" },
	{ "Nuclear Research", "ядерных исследований" },
	{ "Chemical Physics", "химической физики" },
	{ "Geography", "географии" },
	{ "Archaeology", "археологии" },
	{ "Ethnology and Anthropology", "этнологии и антропологии" },
	{ "General Physics", "общей физики" },
	{ "Computational Mathematics", "вычислительной математики" },
	{ "Automation and Control Processes",
	    "автоматики и процессов управления" },
	{ "Solid State Physics", "физики твёрдого тела" },
	{ "Radio Engineering and Electronics", "радиотехники и электроники" },
	{ "Physics of the Earth", "физики Земли" },
	{ "Oceanology", "океанологии" },
};

enum kind {
	KIND_MINISTRY,
	KIND_AGENCY,
	KIND_REGIONAL,
	KIND_MUNICIPAL,
	KIND_ENTERPRISE,
	KIND_OTHER,
	KIND_MAX
};

static const char *const kind_names[KIND_MAX] = {
	"federal-ministry", "federal-agency", "regional-government",
	"municipal", "state-enterprise", "other",
};

/*
 * How many organisations of each kind. The first four are government
 * bodies: 1,800 of 2,000, nine in ten.
 */
static const unsigned kind_quota[KIND_MAX] = { 180, 520, 500, 600, 130, 70 };

#define NORGS		2000
#define NAME_BYTES	512

struct org {
	enum kind	 kind;
	char		 en[NAME_BYTES];
	char		 ru[NAME_BYTES];
};

static struct org	orgs[NORGS];
static unsigned		norgs;

/* The incident types and severities, with weights in percent. */
static const char *const types[] = {
	"ddos", "intrusion", "malware", "phishing", "defacement", "other",
};
static const unsigned type_weight[] = { 30, 18, 20, 22, 7, 3 };
static const unsigned sev_weight[] = { 25, 40, 25, 10 };

/* Parts of the odd one-sentence summary, the opening by type. */
static const char *const sum_open[][2] = {
	{ "Distributed denial-of-service attack on the official website",
	  "Volumetric DDoS attack on the public services portal" },
	{ "Unauthorised access to an internal server",
	  "Compromise of a mail server administrator account" },
	{ "Malware delivered as an e-mail attachment",
	  "Ransomware found on several workstations" },
	{ "Targeted phishing mailing to staff",
	  "Phishing site imitating the organisation's login page" },
	{ "Defacement of a public web page",
	  "Unauthorised change to the news section of the website" },
	{ "Scanning of the network perimeter",
	  "Attempts to exploit known vulnerabilities in a VPN gateway" },
};
static const char *const sum_mid[] = {
	" from addresses in the segment concerned",
	" from servers rented at a hosting provider in the segment concerned",
	" via a compromised R&D contractor account",
	" using infrastructure registered in the segment concerned",
};
static const char *const sum_end[] = {
	"; service degraded for several hours.",
	"; contained the same day.",
	"; no data loss established.",
	"; affected systems isolated and restored from backups.",
	"; indicators of compromise shared with the recipient.",
	".",
};

/* Every day from FIRST_YEAR-01-01 to LAST_DAY_YEAR-12-31 as text. */
#define MAX_DAYS	((LAST_DAY_YEAR - FIRST_YEAR + 1) * 366)
static char		day_text[MAX_DAYS][11];
static unsigned		ndays;
static unsigned		year_start[YEARS + 1];	/* day index of 1 January */

/* The output file being written, through our own large buffer. */
struct out {
	FILE		*f;
	const char	*path;
	size_t		 len;
	char		 buf[OUTBUF];
};

static struct out	out;

static void
die(const char *fmt, const char *arg)
{
	fputs("gen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

/* Report a failed system call on path with its reason and exit. */
static void
die_io(const char *what, const char *path)
{
	fprintf(stderr, "gen: %s: %s: %s\n", path, what, strerror(errno));
	exit(1);
}

static void
flush(void)
{
	if (out.len > 0 && fwrite(out.buf, 1, out.len, out.f) != out.len)
		die_io("write failed", out.path);
	out.len = 0;
}

static void
put(const char *s, size_t n)
{
	if (n > OUTBUF - out.len) {
		flush();
		if (n > OUTBUF) {
			if (fwrite(s, 1, n, out.f) != n)
				die_io("write failed", out.path);
			return;
		}
	}
	memcpy(out.buf + out.len, s, n);
	out.len += n;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

/* Write s escaped for both attribute values and character data. */
static void
put_esc(const char *s)
{
	const char	*start, *ent;

	for (start = s; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		default:
			continue;
		}
		put(start, (size_t)(s - start));
		puts_(ent);
		start = s + 1;
	}
	put(start, (size_t)(s - start));
}

static void
put_uint(unsigned long v, int width)
{
	char	tmp[24];
	int	i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v > 0 || width > 0);
	put(tmp + i, sizeof(tmp) - (size_t)i);
}

/*
 * Open OUTDIR/name for writing and write the head of a register with
 * comment (plain text, no "--") in it.
 */
static void
file_open(const char *dir, const char *name, const char *comment)
{
	static char	path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		die("%s: path too long", dir);
	out.path = path;
	out.len = 0;
	if ((out.f = fopen(path, "w")) == NULL)
		die_io("cannot create", path);
	puts_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ");
	puts_(comment);
	puts_("\n     Written by bench/gen.c for the benchmark. -->\n"
	    "<register xmlns=\"urn:briefgen:register:1\">\n");
}

static void
file_close(void)
{
	puts_("</register>\n");
	flush();
	if (ferror(out.f)) {
		errno = EIO;
		die_io("write failed", out.path);
	}
	if (fclose(out.f) != 0)
		die_io("write failed", out.path);
	out.f = NULL;
}

/* Characters, not bytes, in a UTF-8 string. */
static size_t
chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Offer one organisation of kind k, names given printf-style as two
 * already formatted strings. Names longer than NAME_MAX_CH are passed
 * over (a long department of a long ministry), so the kind draws on its
 * next candidate; a name too short is a mistake in the tables above.
 * Return whether the kind still wants more.
 */
static int
offer(enum kind k, const char *en, const char *ru, unsigned *have)
{
	struct org	*o;

	if (*have >= kind_quota[k])
		return 0;
	if (chars(en) < NAME_MIN || chars(ru) < NAME_MIN)
		die("name too short: %s", chars(en) < NAME_MIN ? en : ru);
	if (chars(en) > NAME_MAX_CH || chars(ru) > NAME_MAX_CH)
		return 1;
	o = &orgs[norgs++];
	o->kind = k;
	if (strlen(en) >= NAME_BYTES || strlen(ru) >= NAME_BYTES)
		die("name too long: %s", en);
	strcpy(o->en, en);
	strcpy(o->ru, ru);
	return ++*have < kind_quota[k];
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Build the 2,000 organisations, kind by kind. Within a kind the outer
 * loop runs over the kind of body and the inner over the places, so that
 * every region or city appears before any gets a second body. Names are
 * distinct by construction, so they need no numeric suffix; check it.
 */
static void
make_orgs(void)
{
	static char	 en[NAME_BYTES * 2], ru[NAME_BYTES * 2];
	static const char *sorted[NORGS];
	unsigned	 have, i, j, lang;
	enum kind	 k;

	k = KIND_MINISTRY;
	have = 0;
	for (i = 0; i < NELEM(fed_depts); i++)
		for (j = 0; j < NELEM(ministries); j++) {
			if (fed_depts[i].en == NULL) {
				snprintf(en, sizeof(en), "Ministry of %s of "
				    "the Russian Federation", ministries[j].en);
				snprintf(ru, sizeof(ru), "Министерство %s "
				    "Российской Федерации", ministries[j].ru);
			} else {
				snprintf(en, sizeof(en), "%s of the Ministry "
				    "of %s of the Russian Federation",
				    fed_depts[i].en, ministries[j].en);
				snprintf(ru, sizeof(ru), "%s Министерства %s "
				    "Российской Федерации", fed_depts[i].ru,
				    ministries[j].ru);
			}
			if (!offer(k, en, ru, &have))
				goto agencies;
		}
	die("too few candidates for %s", kind_names[k]);

agencies:
	k = KIND_AGENCY;
	have = 0;
	for (j = 0; j < NELEM(agencies); j++)
		if (!offer(k, agencies[j].en, agencies[j].ru, &have))
			goto regional;
	for (j = 0; j < NELEM(agencies); j++) {
		if (agencies[j].terr_en == NULL)
			continue;
		for (i = 0; i < NREGIONS; i++) {
			snprintf(en, sizeof(en), "Office of %s for %s",
			    agencies[j].terr_en, regions[i].en);
			snprintf(ru, sizeof(ru), "Управление %s по %s",
			    agencies[j].terr_ru, regions[i].dat);
			if (!offer(k, en, ru, &have))
				goto regional;
		}
	}
	die("too few candidates for %s", kind_names[k]);

regional:
	k = KIND_REGIONAL;
	have = 0;
	for (j = 0; j < NELEM(reg_bodies); j++)
		for (i = 0; i < NREGIONS; i++) {
			if (reg_bodies[j].en == NULL) {
				snprintf(en, sizeof(en), "Government of %s",
				    regions[i].en);
				snprintf(ru, sizeof(ru), "Правительство %s",
				    regions[i].gen);
			} else {
				snprintf(en, sizeof(en), "Ministry of %s of %s",
				    reg_bodies[j].en, regions[i].en);
				snprintf(ru, sizeof(ru), "Министерство %s %s",
				    reg_bodies[j].ru, regions[i].gen);
			}
			if (!offer(k, en, ru, &have))
				goto municipal;
		}
	die("too few candidates for %s", kind_names[k]);

municipal:
	k = KIND_MUNICIPAL;
	have = 0;
	for (j = 0; j < NELEM(city_depts); j++)
		for (i = 0; i < NELEM(cities); i++) {
			if (city_depts[j].en == NULL) {
				snprintf(en, sizeof(en), "Administration of "
				    "the City of %s", cities[i].en);
				snprintf(ru, sizeof(ru), "Администрация "
				    "города %s", cities[i].ru);
			} else {
				snprintf(en, sizeof(en), "%s of the "
				    "Administration of the City of %s",
				    city_depts[j].en, cities[i].en);
				snprintf(ru, sizeof(ru), "%s администрации "
				    "города %s", city_depts[j].ru,
				    cities[i].ru);
			}
			if (!offer(k, en, ru, &have))
				goto enterprise;
		}
	die("too few candidates for %s", kind_names[k]);

enterprise:
	k = KIND_ENTERPRISE;
	have = 0;
	for (j = 0; j < NELEM(enterprises); j++)
		if (!offer(k, enterprises[j].en, enterprises[j].ru, &have))
			goto other;
	for (j = 0; j < NELEM(branched); j++)
		for (i = 0; i < NREGIONS; i++) {
			snprintf(en, sizeof(en), "Branch of %s for %s",
			    branched[j].en, regions[i].en);
			snprintf(ru, sizeof(ru), "Филиал %s по %s",
			    branched[j].ru, regions[i].dat);
			if (!offer(k, en, ru, &have))
				goto other;
		}
	die("too few candidates for %s", kind_names[k]);

other:
	k = KIND_OTHER;
	have = 0;
	for (j = 0; j < NELEM(others); j++)
		if (!offer(k, others[j].en, others[j].ru, &have))
			goto done;
	for (j = 0; j < NELEM(institutes); j++) {
		snprintf(en, sizeof(en), "Institute of %s of the Russian "
		    "Academy of Sciences", institutes[j].en);
		snprintf(ru, sizeof(ru), "Институт %s Российской академии "
		    "наук", institutes[j].ru);
		if (!offer(k, en, ru, &have))
			goto done;
	}
	die("too few candidates for %s", kind_names[k]);

done:
	if (norgs != NORGS)
		die("%s: organisation count is off", "make_orgs");
	for (lang = 0; lang < 2; lang++) {
		for (i = 0; i < NORGS; i++)
			sorted[i] = lang ? orgs[i].ru : orgs[i].en;
		qsort(sorted, NORGS, sizeof(sorted[0]), cmp_str);
		for (i = 1; i < NORGS; i++)
			if (strcmp(sorted[i - 1], sorted[i]) == 0)
				die("duplicate name: %s", sorted[i]);
	}
}

/* Fill the date table; year_start[y] is the index of y's 1 January. */
static void
make_days(void)
{
	static const unsigned mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	unsigned	y, m, d, n;

	for (y = FIRST_YEAR; y <= LAST_DAY_YEAR; y++) {
		if (y - FIRST_YEAR <= YEARS)
			year_start[y - FIRST_YEAR] = ndays;
		for (m = 1; m <= 12; m++) {
			n = mdays[m - 1] + (m == 2 && y % 4 == 0 &&
			    (y % 100 != 0 || y % 400 == 0));
			for (d = 1; d <= n; d++)
				snprintf(day_text[ndays++], 11,
				    "%04u-%02u-%02u", y, m, d);
		}
	}
}

/* An index into a weight table, drawn in proportion to the weights. */
static unsigned
draw(const unsigned *w, unsigned n, unsigned total)
{
	unsigned	r = rng_below(total), i;

	for (i = 0; i < n - 1 && r >= w[i]; i++)
		r -= w[i];
	return i;
}

static void
write_countries(const char *dir)
{
	unsigned	i;

	file_open(dir, "00-countries.xml",
	    "Countries whose Internet segments incidents came from.");
	for (i = 0; i < NCOUNTRIES; i++) {
		puts_("  <country code=\"");
		puts_(countries[i].code);
		puts_("\">\n    <name xml:lang=\"en\">");
		put_esc(countries[i].en);
		puts_("</name>\n    <name xml:lang=\"ru\">");
		put_esc(countries[i].ru);
		puts_("</name>\n  </country>\n");
	}
	file_close();
}

static void
write_orgs(const char *dir)
{
	unsigned	i;

	file_open(dir, "01-organisations.xml",
	    "Our bodies and organisations that incidents were aimed at.");
	for (i = 0; i < NORGS; i++) {
		puts_("  <organisation id=\"org");
		put_uint(i + 1, 4);
		puts_("\" kind=\"");
		puts_(kind_names[orgs[i].kind]);
		puts_(orgs[i].kind <= KIND_MUNICIPAL ?
		    "\" government=\"yes\">\n" : "\" government=\"no\">\n");
		puts_("    <name xml:lang=\"en\">");
		put_esc(orgs[i].en);
		puts_("</name>\n    <name xml:lang=\"ru\">");
		put_esc(orgs[i].ru);
		puts_("</name>\n  </organisation>\n");
	}
	file_close();
}

/*
 * Write the incidents of one year, n of them spread evenly over its
 * days. Targets are skewed: the rank is n * u^2 for u uniform in [0, 1),
 * so a tenth of the incidents hit the 20 most popular organisations,
 * and perm scatters the ranks over the kinds.
 */
static void
write_year(const char *dir, unsigned yi, unsigned long n,
    const unsigned *perm, char recip[][2][256], const unsigned *cweight)
{
	char		 name[32], comment[64];
	unsigned long	 k;
	unsigned	 days, day, c, t, s, sent, rank, r;
	uint64_t	 u;

	snprintf(name, sizeof(name), "10-incidents-%u.xml", FIRST_YEAR + yi);
	snprintf(comment, sizeof(comment), "Incidents detected in %u, all "
	    "source segments.", FIRST_YEAR + yi);
	file_open(dir, name, comment);
	days = year_start[yi + 1] - year_start[yi];
	for (k = 0; k < n; k++) {
		day = year_start[yi] + (unsigned)((uint64_t)k * days / n);
		c = draw(cweight, NCOUNTRIES, 1000);
		u = rng_next() >> 32;
		rank = (unsigned)((((u * u) >> 32) * NORGS) >> 32);
		t = draw(type_weight, NELEM(type_weight), 100);
		s = draw(sev_weight, NELEM(sev_weight), 100);

		puts_("  <incident ref=\"NCCCI-");
		put(day_text[day], 4);
		puts_("-");
		put_uint(k + 1, 6);
		puts_("\" detected=\"");
		put(day_text[day], 10);
		puts_("\" source-country=\"");
		puts_(countries[c].code);
		puts_("\" target=\"org");
		put_uint(perm[rank] + 1, 4);
		puts_("\" type=\"");
		puts_(types[t]);
		puts_("\" severity=\"");
		put_uint(s + 1, 1);
		puts_("\">\n");

		if (rng_below(20) == 0) {
			puts_("    <summary xml:lang=\"en\">");
			put_esc(sum_open[t][rng_below(2)]);
			put_esc(sum_mid[rng_below(NELEM(sum_mid))]);
			put_esc(sum_end[rng_below(NELEM(sum_end))]);
			puts_("</summary>\n");
		}

		sent = day + rng_below(7);
		r = countries[c].recipient[1] != NULL ? rng_below(2) : 0;
		puts_("    <notification sent=\"");
		put(day_text[sent], 10);
		puts_("\" recipient=\"");
		puts_(recip[c][r]);
		if (rng_below(10) == 0) {
			puts_("\">\n      <reply received=\"");
			put(day_text[sent + 3 + rng_below(118)], 10);
			puts_(rng_below(5) == 0 ?
			    "\" quality=\"substantive\"/>\n" :
			    "\" quality=\"formalistic\"/>\n");
			puts_("    </notification>\n");
		} else
			puts_("\"/>\n");
		puts_("  </incident>\n");
	}
	file_close();
}

/*
 * Escape s into dst (size bytes) once, for text written a million times.
 */
static void
escape_into(char *dst, size_t size, const char *s)
{
	size_t		 len = 0, n;
	const char	*rep;
	char		 one[2];

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		default:
			one[0] = *s;
			one[1] = '\0';
			rep = one;
			break;
		}
		n = strlen(rep);
		if (len + n >= size)
			die("%s: recipient too long", s);
		memcpy(dst + len, rep, n);
		len += n;
	}
	dst[len] = '\0';
}

int
main(int argc, char *argv[])
{
	static char	 recip[NCOUNTRIES][2][256];
	static unsigned	 perm[NORGS];
	unsigned	 cweight[NCOUNTRIES], total, i, j, tmp;
	unsigned long	 n;
	char		 buf[256], *end;

	if (argc != 3) {
		fputs("usage: gen INCIDENTS OUTDIR\n", stderr);
		return 64;
	}
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (argv[1][0] < '0' || argv[1][0] > '9' || *end != '\0' ||
	    errno != 0 || n > MAX_INCIDENTS)
		die("%s: not a number of incidents (0 to 9999990)", argv[1]);
	if (mkdir(argv[2], 0777) == -1 && errno != EEXIST)
		die_io("cannot create directory", argv[2]);

	total = 0;
	for (i = 0; i < NCOUNTRIES; i++) {
		cweight[i] = countries[i].weight;
		total += cweight[i];
		for (j = 0; j < 2; j++) {
			if (countries[i].recipient[j] != NULL)
				escape_into(recip[i][j], sizeof(recip[i][j]),
				    countries[i].recipient[j]);
			else if (j == 0) {
				snprintf(buf, sizeof(buf), "National CERT of "
				    "%s", countries[i].en);
				escape_into(recip[i][j], sizeof(recip[i][j]),
				    buf);
			}
		}
	}
	if (total != 1000)
		die("%s: country weights must sum to 1000", "gen");

	make_days();
	make_orgs();

	/* Which organisation each popularity rank is: a fixed shuffle. */
	for (i = 0; i < NORGS; i++)
		perm[i] = i;
	for (i = NORGS - 1; i > 0; i--) {
		j = rng_below(i + 1);
		tmp = perm[i];
		perm[i] = perm[j];
		perm[j] = tmp;
	}

	write_countries(argv[2]);
	write_orgs(argv[2]);
	for (i = 0; i < YEARS; i++)
		write_year(argv[2], i, n / YEARS + (i < n % YEARS), perm,
		    recip, cweight);
	return 0;
}
