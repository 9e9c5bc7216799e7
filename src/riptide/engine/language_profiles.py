"""Hand-written language profiles for ``language.detect_language``.

Why hand-written: the engine is offline and stdlib-only, so there is no model to download. Each
profile is what a fluent reader knows about a language: its most frequent words (in rough
frequency order, the detector turns rank into a Zipf probability) and the letters outside the
script's shared core that it uses, with their approximate share of all letters in percent.

Closely related languages (id/ms, hr/bs/sr, es/gl, da/nb, cs/sk) share one base word list, in the
same order, so shared words score identically and only the distinctive words decide.

Scripts that only one covered language uses (Greek, Hebrew, Thai, Hangul, ...) need no profile:
see ``SINGLE_LANGUAGE_SCRIPTS``. The Han/Kana split between Chinese and Japanese is done by the
detector itself.
"""

from __future__ import annotations

from typing import NamedTuple


class LanguageProfile(NamedTuple):
    """One language as written in one script (Serbian has a Latin and a Cyrillic profile)."""

    code: str
    script: str
    #: Log-prior in nats: small languages that are near-duplicates of a big one start lower.
    prior: float
    #: "letter:percent" pairs for letters outside the script core (``CORE_LETTERS``).
    marks: str
    #: Space-separated frequent words, most frequent first.
    words: str


#: Letters every language of a script uses; only the letters outside this set are modelled.
CORE_LETTERS: dict[str, frozenset[str]] = {
    "Latn": frozenset("abcdefghijklmnopqrstuvwxyz"),
    "Cyrl": frozenset("абвгдежзиклмнопрстуфхцчш"),
    "Arab": frozenset("ابتثجحخدذرزسشصضطظعغفقلمنو"),
    "Deva": frozenset(),
}

#: Unicode blocks as (first, last, script), sorted and non-overlapping.
SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00C0, 0x024F, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0531, 0x058F, "Armn"),
    (0x0591, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x08A0, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x3005, 0x3007, "Hani"),
    (0x3040, 0x30FF, "Kana"),
    (0x3130, 0x318F, "Hang"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA960, 0xA97F, "Hang"),
    (0xAC00, 0xD7FF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x20000, 0x2FA1F, "Hani"),
)

#: Scripts written by a single covered language: the script alone decides.
SINGLE_LANGUAGE_SCRIPTS: dict[str, str] = {
    "Grek": "el",
    "Hebr": "he",
    "Thai": "th",
    "Hang": "ko",
    "Armn": "hy",
    "Geor": "ka",
    "Beng": "bn",
    "Taml": "ta",
    "Telu": "te",
    "Knda": "kn",
    "Mlym": "ml",
    "Gujr": "gu",
    "Guru": "pa",
    "Orya": "or",
    "Sinh": "si",
    "Khmr": "km",
    "Laoo": "lo",
    "Mymr": "my",
    "Ethi": "am",
    "Tibt": "bo",
}

# --- Shared bases of near-identical languages (same order in every member) -------------------

_ID_MS_BASE = """yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada adalah atau
oleh saya kami kita mereka anda dia ia sudah telah masih lebih jika kalau tetapi namun ketika
sebelum antara hanya semua banyak satu dua tiga tahun hari minggu bulan orang kerja hidup dunia
sesuatu apa siapa mengapa bagaimana harga terima kasih presiden juta seperti para secara sebagai
dapat menjadi tersebut kepada sendiri begitu lagi kembali beliau daripada belum pernah baik besar
kecil rumah jalan air makan sini sana mana lalu hingga kemudian sedang bagi serta selama terhadap
sehingga melalui membuat kata perempuan waktu sangat baru setelah anak sekarang saja"""

_SH_BASE = """je i u da se na za su od a o s sa ne kao iz po do koji koja koje to ali ili bi bio
bila bilo biti će sam si smo ste ga mu joj ih im nas vas njegov njen njihov taj ta ovaj ova ovo te
tu tamo kako jer ako kad kada već samo još sve svi sva godine godina dva tri novi nova prvi veliki
dobar dan dana posao život žena nešto ništa svaki opet često dostava besplatna recept hvala imam
ima imaju među pod nad bez zbog oko više manje može mora nije nisu bude jedan jedna jedno ovim
njih toga tome kojoj kojem prema dok tek čak zato"""

#: Ijekavian forms, shared by Croatian and Bosnian (Serbian uses the ekavian ones below).
_IJEKAVIAN = """gdje dvije vrijeme svijet djeca cijena uvijek prije mjesto ovdje lijepo rijeka
vijesti mjesec tijelo dijete bijeli vjerovati mlijeko sjever pjesma riječ vrijedi poslije htjeli
mjesta vremena svijeta cijene djece mjeseca cijeli cijela cijelo cijelog cijele"""

_EKAVIAN = """gde dve vreme svet deca cena uvek pre mesto ovde lepo reka vesti mesec telo dete
beli verovati mleko sever pesma reč vredi posle hteli mesta vremena sveta cene dece meseca celi
cela celo celog cele"""

_SR_LATIN = (
    _SH_BASE
    + " "
    + _EKAVIAN
    + """ šta ko hiljada hiljade nedelja nedelje hleb kafa avion univerzitet voz porodica muzika
srbija srbije beograd beogradu dinara januara februara marta aprila juna jula avgusta septembra
oktobra novembra decembra opština istorija izveštaj tokom pozorište kompanija fudbal tačno
takođe juče treba primer veoma nauka ekonomija direktor zaposleni srpski srpske vlada predsednik
odnosno dakle ukoliko sutra kupiti"""
)

_DA_NB_BASE = """og i det er som en på til at for med den har ikke de han jeg var om et vi men så sin
kan fra hun skal eller også når hans være kunne skulle vil ville mange ham deres hvor hvem hvorfor
hvordan hvis fordi selv dette disse denne ingen andre alle alt her der bare kun over under hos to
tre år ny nye første store stor mest dag tid liv verden barn pris gratis mens siden dem man kroner
millioner godt ofte derfor ifølge allerede kommune får minutter"""

_CS_SK_BASE = """a v na je že to s z do o i k za ale by jen tak od při už po pod nad bez ani
tam ten tento toto tu jeho ich dva recept cena"""

_ES_GL_BASE = """de a o que e en un da do se por con os as para no na sobre entre como pero"""

# --- Latin-script profiles -----------------------------------------------------------------

_LATIN: tuple[LanguageProfile, ...] = (
    LanguageProfile(
        "en",
        "Latn",
        0.0,
        "é:0.01",
        """the of and to a in is that for it on with as was be by this are at from or have an not
you but his they he we which had were has all their can will one more been there her what would if
so about when your who also its my out up them do no some she time than other into only new like
our just over how these after two any most first may such people me him very well then because
could even where many those through back much should us made being both between before own here
under while same last did still way since get years make each year know said says good see day
use work part right world found must home help free online page site best life long great
information find need state high school often city next however local number small s t don
i am re ll ve something nothing every always never price shipping cart recipe minutes thanks
thank please read more news report government president million percent week time company
market business today yesterday new york london america american british united states think
going want really got let let's people children family water food money house without within
during against among around another again already around few less little off once whether why
why what which while across above below behind""",
    ),
    LanguageProfile(
        "es",
        "Latn",
        0.0,
        "á:0.5 é:0.4 í:0.7 ó:0.8 ú:0.17 ñ:0.3 ü:0.01",
        _ES_GL_BASE
        + """ el la y los del las una su al lo más es sus le ha me si sin este ya cuando todo esta
ser son dos también fue había era muy años hasta desde está mi porque qué sólo solo han yo hay vez
puede todos así nos ni parte tiene él uno donde bien tiempo mismo ese ahora cada vida otro después
te otros aunque esa eso hace otra gobierno tan durante siempre día tanto ella tres sí dijo sido
gran país según menos año antes estado contra sino forma caso nada hacer general estaba poco estos
presidente mayor ante unos les algo hacia casa ellos ayer hecho primera mucho mientras además
quien momento millones esto españa hombre están pues hoy lugar madrid nacional trabajo otras mejor
nuevo decir algunos entonces todas días debe política cómo casi toda tal luego pasado medio estas
sea tenía nunca poder aquí ver veces embargo partido personas grupo cuenta pueden tienen misma
nueva cual fueron mujer frente tras cosas fin ciudad he social manera tener sistema será historia
muchos tipo cuatro dentro nuestro punto dice ello cualquier noche aún agua parece haber situación
fuera bajo grandes nuestra ejemplo acuerdo usted hizo nadie países horas posible tarde ley
importante desarrollo proceso realidad lado mí tu cambio allí mano eran estar número sociedad unas
centro padre gente final relación cuerpo incluso través último madre mis modo problema cinco
información nombre algunas público mujeres todavía meses mañana esos nosotros hora muchas pueblo
alguna dar problemas don tú derecho verdad podría sería junto tierra equipo segundo dicho familia
semana mercado precio compra envío gratis productos comprar receta minutos gracias añadir carrito
cuál empresa euros hola saludos""",
    ),
    LanguageProfile(
        "gl",
        "Latn",
        -1.0,
        "á:0.5 é:0.4 í:0.6 ó:0.5 ú:0.15 ñ:0.2 ü:0.01",
        _ES_GL_BASE
        + """ é á unha non foi ao das ten seu súa ou ser moito hai nos xa está eu tamén só polo pola
ata iso ela era despois sen mesmo aos ter seus quen nas me ese eles están tiña foron esa nin súas
meu ás miña teñen nunha polos elas había sexa cal será nós teño lle deles esas eses polas este fose
del ti che vós lles meus miñas noso nosa nosos nosas dela delas esta estes estas aquel aquela isto
aquilo estou estamos estaba estaban ano anos galicia galega galego xunta goberno día vez dous ben
pode tras entón onde porque cada parte hoxe outros outras outro outra todos todas todo cousa
cousas vida tempo forma facer grande país presidente contra durante caso lugar traballo segundo
millóns así agora sempre persoas empresa cidade dixo estado primeiro casa nova novo mundo mellor
maior muller home historia santiago vigo coruña días semana mes prezo produtos envío gratuíto
receita minutos grazas xente xeito aínda coñecer saber xuño xullo xaneiro setembro outubro
novembro decembro concello veciños ademais entre""",
    ),
    LanguageProfile(
        "pt",
        "Latn",
        0.0,
        "ã:0.7 á:0.4 é:0.3 í:0.4 ó:0.2 ú:0.1 â:0.1 ê:0.4 ô:0.1 ç:0.5 à:0.07 õ:0.2",
        """de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi
ao ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até isso ela
entre era depois sem mesmo aos ter seus quem nas me esse eles estão você tinha foram essa num nem
suas meu às minha têm numa pelos elas havia seja qual será nós tenho lhe deles essas esses pelas
este fosse dele tu te vocês vos lhes meus minhas teu tua nosso nossa nossos nossas dela delas
esta estes estas aquele aquela aqueles aquelas isto aquilo estou estamos estava estavam esteve
ano anos brasil governo dia vez dois sobre ainda bem pode após então onde apenas porque cada
parte hoje outros outras outro outra todos todas tudo coisa vida tempo forma fazer grande país
presidente contra durante caso lugar trabalho segundo milhões assim agora sempre pessoas empresa
cidade disse estado primeiro casa nova novo mundo melhor maior mulher homem história são paulo
rio janeiro dias semana mês preço produtos compra frete grátis receita minutos obrigado obrigada
carrinho adicionar portugal lisboa reais euros também então aqui lá muita muitos muitas fazer
pessoa gente coisas dizer sobre isso depois porém além através""",
    ),
    LanguageProfile(
        "it",
        "Latn",
        0.0,
        "à:0.3 è:0.4 ì:0.1 ò:0.1 ù:0.1 é:0.05",
        """di e il la che è per un in a non con del si le una da i della dei sono al lo come anche
più ma ha alla nel gli delle ci mi o se questo sua suo cui su tra quando nella essere ho fatto
solo dopo stato molto era hanno già perché tutto questa quello può loro tutti degli ancora nei
agli poi noi voi lui lei io tu sia così dove ne fa fare anni anno senza prima sempre ogni due
altro altri altra volta parte quale cosa vita tempo stesso mentre lavoro casa bene italia roma
governo presidente oggi mondo modo caso tre grande nuovo nuova giorno città ed all dell nell sull
dall alle nelle sulla sulle dalla dalle negli sui dai col qui però quindi infatti invece secondo
durante contro circa verso fino oltre insieme sotto sopra dentro fuori mai ecco grazie prezzo
prodotti spedizione gratuita ricetta acquista carrello olio sale minuti quanto questi queste
quella quelli italiano italiana milano euro milioni persone sempre dei nostro nostra vostro
abbiamo avete siamo siete stata stati dice detto fatto uno gente pubblico paese""",
    ),
    LanguageProfile(
        "fr",
        "Latn",
        0.0,
        "é:1.9 è:0.27 ê:0.22 à:0.49 ç:0.09 ù:0.06 â:0.04 î:0.05 ô:0.05 û:0.06 ë:0.01 ï:0.01 œ:0.02",
        """de la le et les l des d en du un une à est que pour dans qui pas il au sur ne se par plus
avec ce sont son sa ses on nous vous ils elle elles mais ou comme aux été tout cette bien être fait
leur leurs sans même aussi peut deux ont était très entre dont où après avant encore qu n s c j y
lui ces faire autres autre tous toutes toute avoir déjà fois an ans année années temps france
paris moins peu depuis notre nos votre vos mon ma mes ton ta tes je tu me te moi toi quand alors
donc chez sous contre selon pendant jour jours monde pays gouvernement président premier première
nouveau nouvelle grand grande vie homme femme rien chose personnes partie cas place lors ainsi
celui celle ceux cela ça ici là quelques chaque plusieurs beaucoup trop toujours jamais souvent
prix livraison gratuite panier recette ajouter m t euros millions aujourd hui hier demain
entreprise pourquoi comment parce merci bonjour avez avons sera seront peuvent doit faut veut
fait faits voir dire entre vers""",
    ),
    LanguageProfile(
        "ca",
        "Latn",
        -0.5,
        "à:0.5 è:0.4 é:0.3 í:0.3 ï:0.05 ò:0.3 ó:0.3 ú:0.1 ü:0.05 ç:0.2",
        """de la i el que a en els les per l d un una amb no es del al com més són va ha o però
seu seva seus seves també hi ho ja aquest aquesta aquests aquestes fer ser està estan era eren
molt anys any dos tres nou nova primer gran bon catalunya barcelona govern president euros cent
milions dia dies setmana temps treball vida món nens dona home alguna cosa res cada sempre mai
sovint preu enviament gratuït cistella recepta minuts gràcies jo tu ell ella nosaltres vosaltres
ells elles meu meva nostre nostra si quan on perquè qui què després abans entre sense sobre fins
durant segons mentre encara només tot tots totes doncs així aquí allà han hem heu he sigui pot
poden cal pel pels dels als s n m fa van vam ciutat país persones gent perquè també català
catalana generalitat ajuntament any anys mateix mateixa altre altres fins""",
    ),
    # Latin: on the web nearly always lorem-ipsum placeholder; recognised so it is not taken for
    # Italian, then reported as no language (see ``language.PLACEHOLDER_LANGUAGES``).
    LanguageProfile(
        "la",
        "Latn",
        0.0,
        "",
        """et in est non ad cum quod sed ut qui quae quam esse sunt eius enim nec atque per ab ex
etiam aut autem vel sic tamen nihil omnia id ipsum lorem dolor sit amet consectetur adipiscing
adipisicing elit tempor incididunt labore dolore magna aliqua minim veniam quis nostrud
exercitation ullamco laboris nisi aliquip commodo consequat duis aute irure reprehenderit
voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat proident
culpa officia deserunt mollit anim laborum eiusmod sed diam nonumy eirmod invidunt ut labore
erat sed voluptua vero eos accusam justo duo dolores ea rebum stet clita kasd gubergren takimata
sanctus consetetur sadipscing elitr at vel illum praesent luptatum zzril delenit augue feugait
facilisi nam liber tempor cum soluta nobis eleifend option congue nihil imperdiet doming mazim
placerat facer possim assum natus eaque totam provident obcaecati praesentium iusto fuga debitis
quidem rerum quos quia voluptatem voluptas accusantium doloremque laudantium aperiam inventore
veritatis architecto beatae vitae dicta explicabo aspernatur odit fugit consequuntur magni
ratione sequi nesciunt neque porro quisquam dolorem numquam eius modi tempora incidunt""",
    ),
    LanguageProfile(
        "ro",
        "Latn",
        0.0,
        "ă:2.0 â:0.6 î:0.6 ș:1.0 ț:1.0 ş:0.3 ţ:0.3",
        """și în de la a cu pe care din să nu este că se o un pentru mai au fost sunt ce ca după
prin dar sau lui ei lor acest această aceste acesta el ea noi voi ele eu tu am ai are avea fi va
vor fie poate trebuie foarte mult multe doar încă deja când unde cum dacă însă iar între fără sub
peste până despre anul ani an doi două trei nou nouă primul mare bun românia bucurești guvernul
președintele lei milioane zi zile săptămână timp muncă viață lume copii femeie bărbat ceva nimic
fiecare singur mereu niciodată adesea preț livrare gratuită coș rețetă minute mulțumesc spus
spune s l ne ne-a și-a unei unui acum aici acolo oamenii lucru țara țării astfel""",
    ),
    LanguageProfile(
        "de",
        "Latn",
        0.0,
        "ä:0.5 ö:0.3 ü:0.6 ß:0.2",
        """der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es
an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war
haben nur oder aber vor zur bis mehr durch man sein wurde sei ihr jahr jahre kann gegen vom schon
wenn habe seine ihre dann unter wir soll ich eines ihm ihn diese dieser dieses hier immer wieder
sehr alle beim doch seit zwei drei neue neuen ersten heute gibt was muss ja nein bereits können
keine kein viel viele worden also damit weil hatte waren wo zwischen während ob ohne mal
deutschland berlin sowie prozent millionen euro uns unsere unser mich mir dich dir etwa etwas
weiter zeit menschen land stadt regierung präsident leben welt teil fall ende seite geld arbeit
frau mann kinder woche tag tage jetzt gut groß neu weitere große ganz dort würde könnte müssen
sollte wollen selbst jedoch darauf dabei dazu davon daher deshalb sondern trotz wegen sagte preis
versand kostenlos warenkorb rezept minuten danke bitte sie ihnen euch gerade schon sogar nie
deutschen deutsche unternehmen""",
    ),
    LanguageProfile(
        "nl",
        "Latn",
        0.0,
        "é:0.02 ë:0.03 ï:0.01",
        """de van een het en in is dat op te zijn voor met die niet aan er om ook als dan maar bij
of uit nog worden door naar heeft wordt kan hij zij ze we wij ik je jij u was werd over tot zo geen
hun meer al wel moet na deze dit onder kunnen zal zou tegen veel alle hebben had heb nu haar hem
mijn jaar jaren twee drie nieuwe nieuw eerste gaat waar wat wie hoe omdat toch ons onze gemaakt
tussen zonder tijdens sinds echter daar hier altijd alleen goed groot grote mensen land stad
regering minister nederland amsterdam euro procent miljoen dag dagen week tijd werk leven wereld
kinderen vrouw man iets niets andere ander elke ieder zelf even weer steeds volgens want dus toen
heel hele gaan komen komt maken zien zegt zei prijs verzending gratis winkelwagen recept minuten
graag bedankt bestellen jullie zich wordt nooit vaak echt zeer misschien belgië nederlandse""",
    ),
    LanguageProfile(
        "af",
        "Latn",
        -0.5,
        "ê:0.2 ë:0.1 ô:0.05 û:0.02 é:0.03 ï:0.02 ŉ:0.01",
        """die en van in is dat het om te nie vir op met as wat sy hy ek ons jy julle hulle was
word by aan na uit nog deur oor toe maar of kan sal moet al ook nou baie meer net so daar hier
ander een twee drie jaar jare mense land stad regering suid afrika kaapstad rand geld werk lewe
wêreld kinders vrou man dag dae week tyd iets niks elke self weer volgens want dus gaan kom maak
sien sê gesê gehad kon wil moes my jou haar hom hul geen nooit altyd tussen sonder tydens sedert
egter hoe waar wie wanneer omdat hierdie daardie ná word is afrikaans groot goeie nuwe eerste
dankie resep minute prys gratis mandjie ook reeds gewees gemaak geword""",
    ),
    LanguageProfile(
        "sv",
        "Latn",
        0.0,
        "å:1.3 ä:1.8 ö:1.3 é:0.01",
        """och i att det som en på är av för med till den inte har de om ett jag var men så han
vi från kan man sig hon eller vid nu efter ska när under också hade finns andra då där sedan mot
alla mycket bara vara blir blev två tre år ut upp här utan mellan själv detta dessa hans hennes
deras vår våra vårt din dina ditt min mina mitt oss dem dig mig honom henne sin sina sitt skulle
kunde måste vill får få gör göra säger sade sa varit ny nya nytt första stora stor många mer
mest hur vad vem vilken vilka varför eftersom dock samt enligt genom sverige stockholm regeringen
kronor procent miljoner dag dagar vecka tid arbete liv världen barn kvinna något inget ingen
ingenting varje igen redan aldrig alltid ofta bra pris frakt fri varukorg recept minuter tack
kommer kommun svenska svenskt går gick även idag""",
    ),
    LanguageProfile(
        "da",
        "Latn",
        0.0,
        "æ:0.8 ø:0.9 å:0.7 é:0.01",
        _DA_NB_BASE
        + """ af sig mig dig ud op ind nu efter os havde blev bliver blevet meget hende vores jeres
hvad nogle nogen noget intet anden andet lige mod uden mellem gennem nyt mere siger sagde danmark
københavn regeringen dage uge arbejde kvinde mand altid aldrig fragt kurv opskrift tak sådan dog
samt igen måske danske dansk virksomheden fik gøre gør tage giver indtil derefter hjemme købe
spørgsmål tilbage næste sidste selvom lidt bedre synes hver kr""",
    ),
    LanguageProfile(
        "nb",
        "Latn",
        0.0,
        "æ:0.4 ø:0.9 å:0.8 é:0.01",
        _DA_NB_BASE
        + """ av seg meg deg ut opp inn nå etter oss hadde ble blir blitt mye henne vår våre vårt hva
noen noe ingenting annen annet mot uten mellom gjennom nytt mer sier sa norge oslo regjeringen
dager uke arbeid kvinne mann alltid aldri frakt handlekurv oppskrift takk slik likevel igjen
kanskje norske norsk selskapet fikk gjøre gjør ta gir fram inntil deretter hjemme kjøpe spørsmål
tilbake neste siste selv om litt bedre synes hver klokka dere bra""",
    ),
    LanguageProfile(
        "fi",
        "Latn",
        0.0,
        "ä:3.6 ö:0.4 å:0.01",
        """ja on ei että se oli hän joka mutta kun myös ovat tai ole olla jo sekä vain nyt niin kuin
mitä tämä sen ne hänen minä sinä me te he minun sinun meidän teidän heidän kanssa jälkeen mukaan
aikana välillä ennen sitten vielä enää kaikki paljon enemmän eniten sitä siitä tästä tässä siinä
missä mikä kuka miksi miten koska jos vaikka kuitenkin eli noin yli alle vuonna vuoden vuotta
vuosi kaksi kolme uusi uuden ensimmäinen suuri hyvä suomi suomen helsinki hallitus euroa
prosenttia miljoonaa päivä päivää viikko aika työ elämä maailma lapset nainen mies jotain mitään
jokainen itse taas aina koskaan usein hinta toimitus ilmainen ostoskori resepti minuuttia kiitos
olen olet olemme olette ollut olivat voi voidaan pitää tulee sanoi kautta ilman saa joten näin
sitä tänään myös jotka joiden""",
    ),
    LanguageProfile(
        "et",
        "Latn",
        0.0,
        "ä:0.7 õ:0.6 ö:0.2 ü:0.6 š:0.02 ž:0.01",
        """ja on ei et see oli ta kes mis aga kui ka nad olema või juba ning ainult nüüd nii kuidas
seda selle need tema mina sina meie teie nemad minu sinu meil teil neil koos pärast järgi ajal
vahel enne siis veel kõik palju rohkem kõige sellest selles kus mida miks sest kuigi siiski umbes
üle alla aastal aasta aastat kaks kolm uus uue esimene suur hea eesti tallinn valitsus eurot
protsenti miljonit päev päeva nädal aeg töö elu maailm lapsed naine mees midagi iga ise jälle
alati kunagi tihti hind tarne tasuta ostukorv retsept minutit aitäh olen oled oleme olete olnud
olid saab võib tuleb ütles kaudu ilma peab tänan täna eile homme samuti mille milles tõttu kokku
oma pole olla ikka vaid nagu siin seal kuid mitte väga""",
    ),
    LanguageProfile(
        "hu",
        "Latn",
        0.0,
        "á:3.4 é:3.9 í:0.6 ó:1.0 ö:1.0 ő:0.9 ú:0.3 ü:0.5 ű:0.2",
        """a az és hogy nem is egy meg ez ki van volt de csak már mint még ha el fel be le azt amit
ami aki mert mi vagy pedig sem most lesz lett kell lehet után alatt között előtt mellett szerint
miatt óta így úgy itt ott ezt ezek azok annak ennek neki nekem neked velem veled én te ő ti ők
minden sok nagyon több legyen volna vannak voltak két három év éve évben új első nagy jó magyar
magyarország budapest kormány forint százalék millió nap napja hét idő munka élet világ gyerekek
nő férfi valami semmi mindig soha gyakran ár szállítás ingyenes kosár recept perc köszönöm hanem
illetve továbbá vissza ahol amikor hogyan miért akkor magyarországon évente ma tegnap holnap""",
    ),
    LanguageProfile(
        "pl",
        "Latn",
        0.0,
        "ą:1.0 ć:0.4 ę:1.1 ł:1.8 ń:0.2 ó:0.8 ś:0.7 ź:0.06 ż:0.8",
        """i w się na z nie do to że jest o a jak po co od ale tak za być przez dla jego go tym już
tylko czy ich ma są może jej też było by lub przy które który która także bardzo oraz bo jeszcze
więc gdy tego tej te ten ta tu tam jednak nawet roku lat rok dwa trzy nowy nowa pierwszy duży
dobry polska polski polsce warszawa rząd złotych procent milionów dzień dni tydzień czas praca
życie świat dzieci kobieta mężczyzna coś nic każdy sam znowu zawsze nigdy często cena dostawa
darmowa koszyk przepis minut dziękuję jestem jesteś jesteśmy mam miał miała mają można trzeba
według podczas między przed pod nad bez kiedy gdzie dlaczego ponieważ jeśli chociaż aby żeby nas
was im mi mnie ci cię on ona ono my wy oni one mój twój nasz wasz których które ze we zł""",
    ),
    LanguageProfile(
        "cs",
        "Latn",
        0.0,
        "á:2.2 č:0.5 ď:0.02 é:1.3 ě:1.3 í:3.0 ň:0.1 ó:0.03 ř:1.0 š:0.7 ť:0.04 ú:0.1 ů:0.6 ý:1.0 ž:1.0",
        _CS_SK_BASE
        + """ se ve jako jsou jsem není byl byla bylo být které který která také jak pro nebo ještě
než jejich podle mezi před když kde proč protože pokud aby tato tyto však roku let rok tři nový
nová první velký dobrý česká české český republika praha vláda korun procent milionů den dní
týden čas práce život svět děti žena muž něco nic každý sám znovu vždy nikdy často doprava zdarma
košík minut děkuji mám má mají může musí lze bude budou již tedy jsme jste jí mu mi mě ti tě on ona
ono my vy oni můj tvůj náš váš svůj ze ke kterou kterém dnes včera zítra také ještě můžete""",
    ),
    LanguageProfile(
        "sk",
        "Latn",
        0.0,
        "á:2.0 ä:0.1 č:0.9 ď:0.1 é:0.7 í:1.6 ĺ:0.01 ľ:0.4 ň:0.2 ó:0.2 ô:0.2 ŕ:0.01 š:0.6 ť:0.5 "
        "ú:0.8 ý:1.2 ž:0.8",
        _CS_SK_BASE
        + """ sa vo ako sú som nie bol bola bolo byť ktoré ktorý ktorá tiež pre alebo ešte než podľa
medzi pred keď kde prečo pretože ak aby táto tieto však roku rokov rok tri nový nová prvý veľký
dobrý slovenská slovenské slovensko slovenska bratislava vláda eur percent miliónov deň dní
týždeň čas práca život svet deti žena muž niečo nič každý sám znova vždy nikdy často doprava
zdarma košík minút ďakujem mám má majú môže musí bude budú teda sme ste mu mi ma ti ťa on ona ono
my vy oni môj tvoj náš váš svoj zo ku ktorú ktorom dnes včera zajtra ešte môžete""",
    ),
    LanguageProfile(
        "sl",
        "Latn",
        0.0,
        "č:1.2 š:0.8 ž:0.7",
        """je in v na se da za z so ki ne pa s tudi bi o to po od kot ali še iz bil bila bilo biti
ker če kjer kako zakaj vendar lahko mora bo bodo sem si smo ste jih jim ga mu ji jo nas vas njegov
njena njihov tega tem ta te tisti tam tukaj leta leto let dva tri nov nova prvi velik dober
slovenija ljubljana vlada evrov odstotkov milijonov dan dni teden čas delo življenje svet otroci
ženska moški nekaj nič vsak sam spet vedno nikoli pogosto cena dostava brezplačna košarica recept
minut hvala imam ima imajo med pred pod nad brez zaradi glede skupaj saj torej že samo kar kateri
katera katero danes včeraj jutri zelo lahko treba""",
    ),
    LanguageProfile(
        "hr",
        "Latn",
        0.0,
        "č:0.9 ć:0.6 đ:0.1 š:0.8 ž:0.6",
        _SH_BASE
        + " "
        + _IJEKAVIAN
        + """ što tko tisuća tisuće tjedan tjedna kruh kava zrakoplov sveučilište vlak obitelj
glazba hrvatska hrvatske zagreb zagrebu kuna eura siječnja veljače ožujka travnja svibnja lipnja
srpnja kolovoza rujna listopada studenoga prosinca općina povijest izvješće tijekom kazalište
tvrtka tvrtke nogomet točno također jučer primjerice znanost gospodarstvo ravnatelj djelatnici
hrvatski vlada predsjednik odnosno dakle ukoliko sutra kupiti trebate""",
    ),
    LanguageProfile(
        "bs",
        "Latn",
        -1.0,
        "č:0.9 ć:0.6 đ:0.1 š:0.8 ž:0.6",
        _SH_BASE
        + " "
        + _IJEKAVIAN
        + """ šta ko hiljada hiljade sedmica sedmice hljeb kahva kafa avion univerzitet voz
porodica muzika bosna bosne hercegovine sarajevo sarajevu bih km maraka januara februara marta
aprila juna jula augusta septembra oktobra novembra decembra općina općine historija historije
izvještaj tokom pozorište kompanija fudbal tačno veoma također jučer juče nauka ekonomija direktor
uposlenici bosanski vijeće predsjedništvo odnosno dakle ukoliko sutra kupiti trebate""",
    ),
    LanguageProfile("sr", "Latn", 0.0, "č:0.9 ć:0.6 đ:0.1 š:0.8 ž:0.6", _SR_LATIN),
    LanguageProfile(
        "lt",
        "Latn",
        0.0,
        "ą:0.6 č:0.4 ę:0.2 ė:1.5 į:0.5 š:1.0 ų:1.0 ū:0.4 ž:0.8",
        """ir yra kad į su iš ne tai o bet kaip už per buvo bus jis ji jie jos mes jūs aš tu mano
tavo mūsų jūsų savo jo jų šis ši šie tas ta tie kuris kuri kurie kurios kur kada kodėl nes jei
tačiau arba taip pat tik dar jau labai daug daugiau visi visos viskas metų metai metus du trys
naujas nauja pirmas didelis geras lietuva lietuvos vilnius vyriausybė eurų procentų milijonų
diena dienos savaitė laikas darbas gyvenimas pasaulis vaikai moteris vyras kažkas nieko
kiekvienas pats vėl visada niekada dažnai kaina pristatymas nemokamas krepšelis receptas minučių
ačiū sakė gali reikia turi turėjo tarp prieš po be apie iki nuo dėl pagal šiandien vakar""",
    ),
    LanguageProfile(
        "lv",
        "Latn",
        0.0,
        "ā:4.0 č:0.3 ē:1.7 ģ:0.1 ī:1.5 ķ:0.2 ļ:0.4 ņ:0.4 š:1.2 ū:0.5 ž:0.2",
        """un ir ka uz ar no par arī kā bet vai nav tas tā to viņš viņa viņi viņas mēs jūs es tu
mans tavs mūsu jūsu savs šis šī šie tie kas kur kad kāpēc jo ja tomēr tikai vēl jau ļoti daudz
vairāk visi visas viss gadā gada gadi divi trīs jauns jauna pirmais liels labs latvija latvijas
rīga rīgā valdība eiro procenti miljoni diena dienas nedēļa laiks darbs dzīve pasaule bērni
sieviete vīrietis kaut nekas katrs pats atkal vienmēr nekad bieži cena piegāde bezmaksas grozs
recepte minūtes paldies teica var vajag jābūt bija būs starp pirms pēc bez līdz pie pret
saskaņā tiek tika šodien vakar""",
    ),
    LanguageProfile(
        "tr",
        "Latn",
        0.0,
        "ç:1.2 ğ:1.1 ı:5.1 ö:0.8 ş:1.8 ü:1.9 â:0.02 î:0.01",
        """ve bir bu da de için ile çok daha ne o en gibi ama olarak var değil kadar sonra her ki
mi mı mu mü olan ben sen biz siz onlar bunu şu ya veya ancak ise göre bile yeni ilk iki üç yıl
yılı büyük iyi türkiye türk istanbul ankara hükümet cumhurbaşkanı lira yüzde milyon gün hafta
zaman iş hayat dünya çocuk kadın erkek şey hiç tekrar hep asla fiyat kargo ücretsiz sepet tarif
dakika teşekkürler oldu olduğu olduğunu etti eden edilen yapılan yaptı dedi artık bazı tüm
kendi nasıl neden çünkü eğer zaten önce arasında üzerinde sadece hem şimdi burada orada bugün
dün yarın olarak olan oluyor ediyor""",
    ),
    LanguageProfile(
        "vi",
        "Latn",
        0.0,
        "đ:1.5 ư:1.6 ơ:0.6 ă:0.3 â:0.6 ê:0.5 ô:0.6 à:1.0 á:0.6 ả:0.3 ã:0.1 ạ:0.5 ầ:0.3 ấ:0.4 ẩ:0.1 "
        "ậ:0.4 ằ:0.1 ắ:0.1 ặ:0.1 è:0.1 é:0.1 ẻ:0.05 ẹ:0.05 ề:0.3 ế:0.5 ể:0.3 ệ:0.5 ì:0.1 í:0.2 ỉ:0.1 "
        "ĩ:0.05 ị:0.5 ò:0.1 ó:0.6 ỏ:0.05 õ:0.05 ọ:0.3 ồ:0.3 ố:0.4 ổ:0.1 ộ:0.5 ờ:0.4 ớ:0.5 ở:0.3 ỡ:0.05 "
        "ợ:0.3 ù:0.1 ú:0.1 ủ:0.3 ũ:0.05 ụ:0.3 ừ:0.3 ứ:0.3 ử:0.2 ữ:0.3 ự:0.4 ỳ:0.02 ý:0.1 ỷ:0.01 "
        "ỹ:0.01 ỵ:0.02",
        """của và là có các những được trong một cho không người với này đã để đến khi từ cũng như
theo về năm sẽ thì ra nhiều lại tại nhưng vào làm đó nên công ty việt nam hà nội chính phủ đồng
triệu ngày tuần thời gian việc cuộc sống thế giới trẻ em phụ nữ gì nào mỗi luôn bao giờ thường
giá giao hàng miễn phí giỏ thức phút cảm ơn tôi bạn chúng họ anh chị ông bà nó rất hơn nhất sau
trước giữa trên dưới đang vẫn chỉ còn mới đầu tiên lớn tốt hai ba nếu vì bởi vậy thể cần phải
muốn biết nói rằng đi hôm nay qua sản phẩm""",
    ),
    LanguageProfile(
        "id",
        "Latn",
        0.0,
        "é:0.005",
        _ID_MS_BASE
        + """ karena bisa saat bahwa laki pengiriman gratis
keranjang resep menit indonesia jakarta pemerintah rupiah persen uang kantor mobil
telepon mau banget nggak gak aja dong kok sih mengatakan bisa polisi dekat rumah sakit bus
taksi universitas perusahaan bagus cuma""",
    ),
    LanguageProfile(
        "ms",
        "Latn",
        -0.5,
        "é:0.005",
        _ID_MS_BASE
        + """ kerana semasa selepas baharu masa amat bahawa kanak lelaki penghantaran percuma
troli resipi minit malaysia kuala lumpur kerajaan perdana menteri ringgit peratus kini wang
pejabat kereta telefon sahaja mahu iaitu ialah pihak turut sebab dah tak nak ni tu berkata negara
boleh polis berhampiran hospital bas teksi universiti syarikat bagus hanya""",
    ),
)

# --- Cyrillic ------------------------------------------------------------------------------

#: Latin-to-Cyrillic Serbian transliteration; digraphs first so "lj" is one letter.
_SERBIAN_TO_CYRILLIC: tuple[tuple[str, str], ...] = (
    ("lj", "љ"), ("nj", "њ"), ("dž", "џ"),
    ("a", "а"), ("b", "б"), ("c", "ц"), ("č", "ч"), ("ć", "ћ"), ("d", "д"), ("đ", "ђ"),
    ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "ј"), ("k", "к"),
    ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
    ("š", "ш"), ("t", "т"), ("u", "у"), ("v", "в"), ("z", "з"), ("ž", "ж"),
)  # fmt: skip


def _serbian_cyrillic(latin_words: str) -> str:
    """Serbian is written in both alphabets; one word list serves both."""
    text = latin_words
    for latin, cyrillic in _SERBIAN_TO_CYRILLIC:
        text = text.replace(latin, cyrillic)
    return text


_CYRILLIC: tuple[LanguageProfile, ...] = (
    LanguageProfile(
        "ru",
        "Cyrl",
        0.0,
        "й:1.2 щ:0.36 ъ:0.04 ы:1.9 ь:1.7 э:0.3 ю:0.6 я:2.0 ё:0.1",
        """и в не на что с по я он это как а к из у за то но все так же от его для о она мы вы они
бы был была было были быть только уже или еще ещё мне меня нам нас их ее её ему если когда даже
также может есть нет до при после через между без под над чтобы потому который которая которое
которые этот эта эти этого этом том тем там здесь где почему очень более всего года год лет два
три новый новая первый большой хороший россия россии москва москве правительство рублей
процентов миллионов день дней неделя время работа жизнь мир дети женщина мужчина ничего каждый
сам снова всегда никогда часто цена доставка бесплатно корзина рецепт минут спасибо сказал
говорит можно нужно надо будет будут хотя лишь себя свой своей сегодня вчера завтра тоже во
со об кто чем всё весь вся вот ли ни да мой наш ваш тот та те эту этой этих того тех второй другой
другие раз дня году время теперь потом тогда сейчас ведь""",
    ),
    LanguageProfile(
        "uk",
        "Cyrl",
        0.0,
        "й:1.0 щ:0.6 ь:1.5 ю:0.8 я:2.0 є:0.8 і:5.0 ї:0.6 ґ:0.02",
        """і в не на що з у я він це як а до та за але все так же від його для про вона ми ви вони
б був була було були бути тільки вже або ще мені мене нам нас їх її йому якщо коли навіть також
може є немає при після через між без під над щоб тому який яка яке які цей ця ці цього цьому там
тут де чому дуже більш року рік років два три новий нова перший великий добрий україна україни
київ києві уряд гривень відсотків мільйонів день днів тиждень час робота життя світ діти жінка
чоловік щось нічого кожен сам знову завжди ніколи часто ціна доставка безкоштовно кошик рецепт
хвилин дякую сказав каже можна потрібно треба буде будуть хоча лише себе свій своєї й із зі
сьогодні вчора завтра теж""",
    ),
    LanguageProfile(
        "bg",
        "Cyrl",
        0.0,
        "й:0.3 щ:0.9 ъ:2.0 ь:0.05 ю:0.2 я:2.0",
        """и на да се в не с за от е са че то по как но а това ще към при си го му ѝ им ни ви ги той
тя те ние вие тези този тази което който която които бил била било били бъде бъдат само вече
или още ако когато дори също може има няма след през между без под над защото там тук където
защо много повече най година години два три нов нова първи голям добър българия софия
правителство лева процента милиона ден дни седмица време работа живот свят деца жена мъж нещо
нищо всеки сам отново винаги никога често цена доставка безплатна количка рецепта минути
благодаря каза казва трябва един една едно днес вчера утре""",
    ),
    LanguageProfile(
        "mk",
        "Cyrl",
        0.0,
        "ѓ:0.1 ќ:0.5 ѕ:0.05 ј:2.5 љ:0.3 њ:0.5 џ:0.05",
        """и на да се во не со за од е дека тоа по како но а ова ќе кон при си го му ѝ им ни ви ги
тој таа тие ние вие овие овој оваа кое кој која кои бил била било биле биде само веќе или уште
ако кога дури исто така може има нема преку меѓу без под над затоа што таму тука каде зошто многу
повеќе нај година години два три нов нова прв голем добар македонија скопје влада денари
проценти милиони ден дена недела време работа живот свет деца жена маж нешто ништо секој сам
повторно секогаш никогаш често цена достава бесплатна кошничка рецепт минути благодарам рече
вели треба еден една едно сите денес вчера утре""",
    ),
    LanguageProfile(
        "sr",
        "Cyrl",
        0.0,
        "ђ:0.05 ј:4.0 љ:0.4 њ:0.5 ћ:0.8 џ:0.05",
        _serbian_cyrillic(_SR_LATIN),
    ),
)

# --- Arabic script -------------------------------------------------------------------------

_ARABIC: tuple[LanguageProfile, ...] = (
    LanguageProfile(
        "ar",
        "Arab",
        0.0,
        "ة:3.0 ى:1.0 ي:6.0 ك:2.5 ه:2.5 أ:2.0 إ:0.8 آ:0.1 ء:0.3 ئ:0.2 ؤ:0.1 ی:0.05 ک:0.05",
        """في من على أن إلى التي الذي عن مع هذا هذه كان ما لا أو ثم بين كل قد إن بعد لم كما عند
ذلك هو هي وقد وفي وهو ولا قبل حتى أي أكثر لها له فيه منذ خلال عام اليوم العام الله يوم الى ان
او غير ولم لكن كانت فإن إذا حيث أيضا ايضا يمكن تم الذين وهي ومن الأول الأولى وزير رئيس
الحكومة مصر السعودية دولار المملكة العربية الدول الدولة مليون سعر شحن مجاني السلة وصفة دقائق
شكرا نحن أنا أنت هم لقد عليه عليها إليه منها منه بها به لهم وكان يكون تكون وإن وقال قال""",
    ),
    LanguageProfile(
        "fa",
        "Arab",
        0.0,
        "ی:6.0 ک:2.5 ه:3.5 پ:0.8 چ:0.5 ژ:0.1 گ:1.0 آ:0.6 ء:0.1 ئ:0.1 أ:0.1 ي:0.3 ك:0.2 ة:0.05",
        """و در به از که این را با است برای آن یک خود تا بر هم نیز شود می کرد شده بود های ها کند
اند ای کنند دارد باید شد او ما من شما آنها یا اما پس اگر چه هر بین پیش روی بعد سال ایران تهران
دولت رئیس جمهور میلیون تومان ریال قیمت ارسال رایگان سبد دستور دقیقه ممنون مرسی بسیار همه دیگر
چند کشور امروز گفت وی خواهد نمی همین چنین آنچه کار زندگی جهان مردم کنید کرده کردند بودند""",
    ),
    LanguageProfile(
        "ur",
        "Arab",
        0.0,
        "ی:5.0 ک:3.0 ہ:2.5 ھ:1.0 ے:3.0 ں:1.0 ٹ:0.3 ڈ:0.3 ڑ:0.3 پ:0.8 چ:0.6 ژ:0.02 گ:1.5 آ:0.4 "
        "ئ:0.5 ؤ:0.05 ء:0.1 ه:0.2",
        """کے میں کی ہے اور کو سے نے کا یہ پر ہیں کہ بھی تھا تھی تھے کر ایک ہو جو وہ اس ان گیا کیا
لیے لئے نہیں جا کرنے ہوں گے گی گا اپنے اپنی ہم آپ کیونکہ لیکن اگر جب تک بعد پہلے ساتھ سب کچھ
پاکستان حکومت وزیر اعظم روپے قیمت مفت ترسیل ترکیب منٹ شکریہ سال دن لوگ کام زندگی دنیا بہت
زیادہ کہا رہا رہی رہے جس جن انہوں""",
    ),
)

# --- Devanagari ----------------------------------------------------------------------------

_DEVANAGARI: tuple[LanguageProfile, ...] = (
    LanguageProfile(
        "hi",
        "Deva",
        0.0,
        "़:0.4",
        """के है में की और को से का एक यह पर हैं कि भी था थी थे कर हो जो वह इस उस ने गया किया लिए
नहीं जा करने होगा होगी अपने अपनी हम आप मैं क्योंकि लेकिन अगर जब तक बाद पहले साथ सब कुछ भारत
सरकार मंत्री प्रधानमंत्री रुपये कीमत मुफ्त डिलीवरी विधि मिनट धन्यवाद साल दिन लोग काम जीवन
दुनिया बहुत ज्यादा ज़्यादा कहा रहा रही रहे हुए हुआ हुई या तो वे उन्होंने इसके उसके कई द्वारा बात
आज कल""",
    ),
    LanguageProfile(
        "mr",
        "Deva",
        0.0,
        "ळ:0.5 ़:0.02",
        """आणि आहे या च्या ची चा चे ला ने मध्ये की हे ही तो ती ते एक होते होता होती केले केली केला
करण्यात आली आला असे असा अशी त्या त्यांनी त्यांच्या आपण आम्ही तुम्ही मी पण जर तर जेव्हा नंतर
आधी सोबत सर्व काही महाराष्ट्र मुंबई पुणे सरकार मंत्री रुपये किंमत मोफत कृती मिनिटे धन्यवाद वर्ष
दिवस लोक काम जीवन जग खूप जास्त म्हणाले आहेत नाही झाले झाली साठी पर्यंत कडून वर येथे आज
उद्या काल दिली घेत करून केल्या झालेल्या असलेल्या होणार म्हणून त्याचे त्याची त्याच्या यांनी
यांच्या करत करणार एका हा व तसेच देखील मात्र""",
    ),
    LanguageProfile(
        "ne",
        "Deva",
        0.0,
        "़:0.02",
        """र छ को मा हो पनि गरेको छन् थियो भएको गर्न लागि यो त्यो उनले उनी हामी तपाईं म भने तर यदि
जब सम्म पछि अघि साथ सबै केही नेपाल काठमाडौं सरकार मन्त्री रुपैयाँ मूल्य निःशुल्क विधि मिनेट धन्यवाद
वर्ष दिन मानिस काम जीवन संसार धेरै बढी गरे गरी हुने हुन्छ गर्ने रहेको छैन भन्दा बाट लाई का की
सँग अनि आज भोलि हिजो""",
    ),
)

#: Every profile, Latin first (the largest group).
PROFILES: tuple[LanguageProfile, ...] = _LATIN + _CYRILLIC + _ARABIC + _DEVANAGARI

# --- Declared tags ---------------------------------------------------------------------------

#: Language names (English and native, lowercase) that sites put where a tag belongs.
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en", "russian": "ru", "русский": "ru", "spanish": "es", "español": "es",
    "castellano": "es", "german": "de", "deutsch": "de", "japanese": "ja", "日本語": "ja",
    "french": "fr", "français": "fr", "francais": "fr", "portuguese": "pt", "português": "pt",
    "portugues": "pt", "italian": "it", "italiano": "it", "turkish": "tr", "türkçe": "tr",
    "persian": "fa", "farsi": "fa", "فارسی": "fa", "dutch": "nl", "nederlands": "nl",
    "flemish": "nl", "polish": "pl", "polski": "pl", "chinese": "zh", "中文": "zh",
    "mandarin": "zh", "vietnamese": "vi", "tiếng việt": "vi", "indonesian": "id",
    "bahasa indonesia": "id", "arabic": "ar", "العربية": "ar", "korean": "ko", "한국어": "ko",
    "czech": "cs", "čeština": "cs", "ukrainian": "uk", "українська": "uk", "hebrew": "he",
    "עברית": "he", "swedish": "sv", "svenska": "sv", "greek": "el", "ελληνικά": "el",
    "romanian": "ro", "română": "ro", "hungarian": "hu", "magyar": "hu", "thai": "th",
    "ไทย": "th", "danish": "da", "dansk": "da", "finnish": "fi", "suomi": "fi",
    "slovak": "sk", "slovenčina": "sk", "bulgarian": "bg", "български": "bg",
    "norwegian": "no", "norsk": "no", "bokmål": "nb", "norwegian bokmål": "nb",
    "nynorsk": "nn", "norwegian nynorsk": "nn", "croatian": "hr", "hrvatski": "hr",
    "serbian": "sr", "српски": "sr", "srpski": "sr", "lithuanian": "lt", "lietuvių": "lt",
    "slovenian": "sl", "slovene": "sl", "slovenščina": "sl", "catalan": "ca", "català": "ca",
    "hindi": "hi", "हिन्दी": "hi", "हिंदी": "hi", "malay": "ms", "bahasa melayu": "ms",
    "estonian": "et", "eesti": "et", "latvian": "lv", "latviešu": "lv", "bengali": "bn",
    "bangla": "bn", "বাংলা": "bn", "galician": "gl", "galego": "gl", "afrikaans": "af",
    "bosnian": "bs", "bosanski": "bs", "macedonian": "mk", "македонски": "mk", "urdu": "ur",
    "اردو": "ur", "marathi": "mr", "मराठी": "mr", "nepali": "ne", "नेपाली": "ne",
    "armenian": "hy", "georgian": "ka", "tamil": "ta", "telugu": "te", "kannada": "kn",
    "malayalam": "ml", "gujarati": "gu", "punjabi": "pa", "sinhala": "si", "khmer": "km",
    "lao": "lo", "burmese": "my", "amharic": "am", "icelandic": "is", "albanian": "sq",
    "basque": "eu", "welsh": "cy", "irish": "ga", "swahili": "sw", "tagalog": "tl",
    "filipino": "fil", "azerbaijani": "az", "kazakh": "kk", "belarusian": "be", "latin": "la",
    "esperanto": "eo",
}  # fmt: skip

#: ISO 639-2/3 codes (bibliographic and terminologic) of languages that have a 639-1 code.
ALPHA3_TO_ALPHA2: dict[str, str] = {
    "eng": "en", "rus": "ru", "spa": "es", "deu": "de", "ger": "de", "jpn": "ja", "fra": "fr",
    "fre": "fr", "por": "pt", "ita": "it", "tur": "tr", "fas": "fa", "per": "fa", "nld": "nl",
    "dut": "nl", "pol": "pl", "zho": "zh", "chi": "zh", "vie": "vi", "ind": "id", "ara": "ar",
    "kor": "ko", "ces": "cs", "cze": "cs", "ukr": "uk", "heb": "he", "swe": "sv", "ell": "el",
    "gre": "el", "ron": "ro", "rum": "ro", "hun": "hu", "tha": "th", "dan": "da", "fin": "fi",
    "slk": "sk", "slo": "sk", "bul": "bg", "nor": "no", "nob": "nb", "nno": "nn", "hrv": "hr",
    "srp": "sr", "lit": "lt", "slv": "sl", "cat": "ca", "hin": "hi", "msa": "ms", "may": "ms",
    "est": "et", "lav": "lv", "ben": "bn", "glg": "gl", "afr": "af", "bos": "bs", "mkd": "mk",
    "mac": "mk", "urd": "ur", "mar": "mr", "nep": "ne",
}  # fmt: skip

#: Deprecated ISO 639-1 codes still seen in the wild, and their replacements.
DEPRECATED_CODES: dict[str, str] = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
