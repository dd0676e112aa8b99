package lhost

// More languages of Mailman 3's refusal of a held post (see
// mailmanRefusalForms in mta_mailman.go): the translations Mailman 3.3.8
// ships (Debian bookworm's mailman3 3.3.8-2~deb12u2, read under
// usr/lib/python3/dist-packages/mailman/) beyond the twelve languages
// there. The Subject ('Request to mailing list "${display_name}"
// rejected') and the request line ('Posting of your message titled
// "${subject}"') are msgstrs of messages/<lang>/LC_MESSAGES/mailman.po;
// the words are those of templates/<lang>/list:user:notice:refuse.txt,
// "" where the language has no template of its own and Mailman sends the
// English one (bg, hu, id, oc, uk: the English words then match). Slovak
// has a template but no catalogue, so its notice has the English Subject
// and request line around Slovak words. Portuguese of Brazil (pt_BR)
// reads as pt, already known.
//
// Czech is here for its Subject and request line only: its template
// (templates/cs/list:user:notice:refuse.txt) writes "$subject", which
// send_rejection does not substitute, in place of "$request", so its
// notice has no request line and cannot be told from the refusal of a
// subscription request; such a notice is not read.
var mailmanRefusalFormsMore = []mailmanRefusalForm{
	{"bg", "Заявката до пощенския списък ", " е отхвърлена", "Разпространяване на твоето съобщение озаглавено „", "“", ""},
	{"ca", "S'ha rebutjat la sol·licitud a la llista de correu ", "", "Publicació del missatge titulat «", "»", "rebutjada pel moderador de la llista"},
	{"cs", "Požadavek na mailing-list ", " byl zamítnut", `Probíhá odeslání Vaší zprávy s názvem "`, `"`, ""},
	{"he", "הבקשה לרשימת הדיוור ", " נדחתה", "פרסום ההודעה שלך עם הנושא „", "”", "נדחתה על ידי אחד ממפקחי הרשימה"},
	{"hu", "", " levelezőlistára küldött lekérdezés elutasítva", `"`, `" tárgyú üzenete küldése`, ""},
	{"id", "Permintaan ke milis ", " ditolak", `Pos pesan Anda yang berjudul "`, `"`, ""},
	{"oc", "Demanda a la lista de difusion ", " regetada", "Publicacion de vòstre messatge titolat «\u202f", "\u202f»", ""},
	{"sk", "Request to mailing list ", " rejected", `Posting of your message titled "`, `"`, "bola odmietnutá moderátorom konferencie"},
	{"tr", "", " posta listesine istek reddedildi", `"`, `" başlıklı mesajınızın gönderilmesi`, "liste moderatörü tarafından reddedildi"},
	{"uk", "Запит до списку розсилки ", " відхилений", `Публікація Вашого повідомлення з назвою "`, `"`, ""},
}

func init() { mailmanRefusalForms = append(mailmanRefusalForms, mailmanRefusalFormsMore...) }
