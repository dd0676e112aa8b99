package lhost

// More languages of Mailman 3's refusal of a held post (see
// mailmanRefusalForms3 in mta_mailman.go; mailmanRefusalForms joins
// them): the translations Mailman 3.3.8
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

// mailmanRefusalForms21 are GNU Mailman 2.1's own translations of the
// refusal where they differ from Mailman 3's: the Subject ('Request to
// mailing list %(realname)s rejected', Mailman/ListAdmin.py __refuse) and
// the request line ('Posting of your message titled "%(subject)s"',
// __handlepost) are msgstrs of messages/<lang>/LC_MESSAGES/mailman.po
// (jurov/gnu-mailman, de at commit 0cd26479eff8876bb7955d560464e575904a12be,
// fr and it at 06d15b0a9949652f696d19903cef2a235ff3a428, es at
// 01015334f5c849a0ec891bf8c87137f350473c81), the words those of
// templates/<lang>/refuse.txt (jaredmauch/mailman2-python3, de at
// 40eccb3a4a11bbbe302c38f6026751aae97e827d, fr at
// d45e4d2c9c5bf4bccfc1f7d38dfe210cf6091977 as it, es at
// f29a40f9aeda1e1e5e36c0606e5455d866cc8448). A refused subscription
// ("Abonnementantrag", "Requête d'abonnement", "Solicitud de
// subscripción", "Richieste di iscrizione", "Prośba o zapisanie",
// "Requisição de Inscrição", "Aanmeldingsverzoek", "入会申請", "订阅请求",
// "Запрос на подписку", "가입 요청", "Ansökan om medlemskap", "Anmodning om tilmelding", "Žádost o přihlášení", "Feliratkozási kérelem", "Liittymispyyntö", "Üyelik isteği") has no posting line and is not read.
var mailmanRefusalForms21 = []mailmanRefusalForm{
	{"de", "Die Aufforderung an die Mailingliste ", " wurde zurückgewiesen", `Veröffentlichung Ihrer Nachricht betreffend "`, `"`, "wurde vom Listenmoderator mit folgender Begründung abgewiesen"},
	{"fr", "Requête à destination de la liste ", " rejetée", `Envoi de votre message ayant comme objet "`, `"`, "a été rejetée par le modérateur de la liste"},
	{"it", "Richiesta alla lista ", " rifiutata", `Invio del tuo messaggio intitolato "`, `"`, "è stata rifiutata dal moderatore"},
	{"es", "La peticion a la lista de distribucion ", " ha sido rechazada", `El mensaje enviado tenía como asunto "`, `"`, "ha sido rechazada por el moderador dando la siguiente razón"},
	// Polish: messages/pl/LC_MESSAGES/mailman.po at
	// 0cd26479eff8876bb7955d560464e575904a12be (stored in ISO-8859-2),
	// templates/pl/refuse.txt at d45e4d2c9c5bf4bccfc1f7d38dfe210cf6091977.
	// The Subject ends with the list's name.
	{"pl", "Odrzucona prośba wysłana na listę ", "", `Twoja wiadomość o tytule "`, `"`, "została odrzucona przez moderatora"},
	// Portuguese of Brazil: messages/pt_BR/LC_MESSAGES/mailman.po at
	// 06d15b0a9949652f696d19903cef2a235ff3a428 (its Subject ends with a
	// full stop); templates/pt_BR/refuse.txt at
	// f29a40f9aeda1e1e5e36c0606e5455d866cc8448 has Mailman 3's pt words
	// ("foi rejeitada pelo moderador da lista"), known already.
	{"pt", "Requisição para a lista de discussão ", " rejeitada.", `Envio da mensagem intitulada "`, `"`, ""},
	// Dutch: Subject and request line as Mailman 3's (messages/nl at
	// 0cd26479eff8876bb7955d560464e575904a12be), the words of 2.1's own
	// template (jurov/gnu-mailman templates/nl/refuse.txt at
	// bcb2dda2f3d228b13b395c2ebdcfc370e94aed09).
	{"nl", "Verzoek aan maillijst ", " geweigerd", `Verzending van uw bericht met de titel "`, `"`, "is geweigerd door de lijst moderator"},
	// Japanese: messages/ja at 00ad1610e74e5387386d8b719f3cd9965a2d4b89
	// (the request line quotes the post's Subject without quotes),
	// templates/ja/refuse.txt at f29a40f9aeda1e1e5e36c0606e5455d866cc8448.
	{"ja", "", " メーリングリストへの申請は却下されました", "件名 ", " で投稿されたメール", "リスト司会者により拒否されました"},
	// Simplified Chinese: messages/zh_CN at
	// 06d15b0a9949652f696d19903cef2a235ff3a428, jurov/gnu-mailman
	// templates/zh_CN/refuse.txt at 86575db95d2ee9f7f8ec2a712527ca83c3fd7ca6.
	{"zh", "对于 ", " 邮件列表的请求被拒绝", `您以标题 "`, `" 发布的信件`, "已经被列表管理员拒绝"},
	// Russian: messages/ru at 06d15b0a9949652f696d19903cef2a235ff3a428;
	// the words of templates/ru/refuse.txt (at
	// 40eccb3a4a11bbbe302c38f6026751aae97e827d: "был отклонен модератором
	// списка рассылки") hold Mailman 3's, known already.
	{"ru", "Запрос в список рассылки ", " отклонен", `Ваше сообщение с заголовком "`, `"`, ""},
	// Korean: messages/ko at 06d15b0a9949652f696d19903cef2a235ff3a428,
	// templates/ko/refuse.txt at f29a40f9aeda1e1e5e36c0606e5455d866cc8448.
	{"ko", "", " 메일링 리스트에 대한 요청이 거절되었습니다.", `"`, `" 제목의 보낸글`, "리스트 관리자에 의해 거부되었습니다"},
	// Swedish: messages/sv at 06d15b0a9949652f696d19903cef2a235ff3a428
	// (Subject 'Fråga till e-postlistan %(realname)s inte godkänd'),
	// templates/sv/refuse.txt (jaredmauch/mailman2-python3) at
	// d45e4d2c9c5bf4bccfc1f7d38dfe210cf6091977.
	{"sv", "Fråga till e-postlistan ", " inte godkänd", `Ditt meddelande med titel "`, `"`, "avslogs av listmoderatorn"},
	// Danish: messages/da at 06d15b0a9949652f696d19903cef2a235ff3a428,
	// templates/da/refuse.txt at f29a40f9aeda1e1e5e36c0606e5455d866cc8448.
	{"da", "Anmodning til maillisten ", " ikke godkendt", `Din meddelelse med emnet "`, `"`, "blev afvist af listemoderator"},
	// Czech: messages/cs at 06d15b0a9949652f696d19903cef2a235ff3a428
	// (stored in ISO-8859-2; its request line has a closing quote only:
	// 'Vaše zpráva ve věci %(subject)s"'), templates/cs/refuse.txt at
	// d45e4d2c9c5bf4bccfc1f7d38dfe210cf6091977.
	{"cs", "Požadavek do konference ", " byl zamítnut.", "Vaše zpráva ve věci ", `"`, "byl zamítnut správcem konference"},
	// Hungarian: messages/hu at 06d15b0a9949652f696d19903cef2a235ff3a428
	// (stored in ISO-8859-2; its Subject 'A(z) %(realname)s levelezőlistára
	// való feliratkozásod vissza lett utasítva' speaks of a subscription
	// for every refused request; the posting line tells them apart),
	// templates/hu/refuse.txt at d45e4d2c9c5bf4bccfc1f7d38dfe210cf6091977.
	{"hu", "", " levelezőlistára való feliratkozásod vissza lett utasítva", `A leveled tárgya: "`, `"`, "a lista szerkesztője nem fogadta el"},
	// Finnish: messages/fi at 06d15b0a9949652f696d19903cef2a235ff3a428,
	// templates/fi/refuse.txt at f29a40f9aeda1e1e5e36c0606e5455d866cc8448.
	{"fi", "Pyyntö listalle ", " on hylätty", `Viestisi, jonka otsikko on "`, `"`, "ylläpitäjä on hylännyt"},
	// Turkish: messages/tr at 0cd26479eff8876bb7955d560464e575904a12be
	// (stored in ISO-8859-9); templates/tr/refuse.txt at
	// d45e4d2c9c5bf4bccfc1f7d38dfe210cf6091977 has Mailman 3's tr words
	// ("liste moderatörü tarafından reddedildi"), known already.
	{"tr", "", " mesaj listesine istek reddedildi", `"`, `" başlıklı mesajınızın gönderimi`, ""},
}
