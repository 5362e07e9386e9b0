#include "err.h"

static const struct {
	int		 status;
	const char	*name;
	const char	*title;
	const char	*text;
} errs[DDD_ERR__MAX] = {
	[DDD_OK] = { 200, "ok", "Gelukt", "" },
	[DDD_ERR_BAD_REQUEST] = { 400, "bad_request",
	    "Ongeldig verzoek",
	    "Uw browser stuurde een verzoek dat wij niet kunnen lezen. "
	    "Ga terug en probeer het opnieuw." },
	[DDD_ERR_TOO_LARGE] = { 413, "too_large",
	    "Te veel gegevens",
	    "Het verzoek bevat meer gegevens dan toegestaan. "
	    "Maak de invoer korter en probeer het opnieuw." },
	[DDD_ERR_NOT_FOUND] = { 404, "not_found",
	    "Pagina niet gevonden",
	    "Deze pagina bestaat niet, of u heeft er geen toegang toe." },
	[DDD_ERR_METHOD] = { 405, "method_not_allowed",
	    "Niet toegestaan",
	    "Deze pagina kan niet op deze manier worden gebruikt." },
	[DDD_ERR_LOGIN_REQUIRED] = { 303, "login_required",
	    "Inloggen vereist",
	    "Log in om verder te gaan." },
	[DDD_ERR_FORBIDDEN] = { 403, "forbidden",
	    "Geen toegang",
	    "U heeft geen toegang tot deze pagina." },
	[DDD_ERR_CSRF] = { 403, "csrf",
	    "Formulier verlopen",
	    "Dit formulier is verlopen of niet door ons verstuurd. "
	    "Laad de pagina opnieuw en probeer het nog eens." },
	[DDD_ERR_INVALID_INPUT] = { 422, "invalid_input",
	    "Controleer de invoer",
	    "Niet alle velden zijn goed ingevuld." },
	[DDD_ERR_CONFLICT] = { 409, "conflict",
	    "Gegevens gewijzigd",
	    "De gegevens zijn intussen gewijzigd. "
	    "Laad de pagina opnieuw en bekijk de nieuwe stand." },
	[DDD_ERR_DUPLICATE] = { 409, "duplicate",
	    "Al verwerkt",
	    "Dit formulier is twee keer verstuurd (bijvoorbeeld door een "
	    "dubbele klik). Het is één keer uitgevoerd; er is niets dubbel "
	    "gebeurd. Ga terug naar de vorige pagina en laad die opnieuw om "
	    "de nieuwe stand te zien." },
	[DDD_ERR_GONE] = { 410, "gone",
	    "Link niet meer geldig",
	    "Deze link is al gebruikt of verlopen. Vraag een nieuwe aan." },
	[DDD_ERR_RATE_LIMIT] = { 429, "rate_limited",
	    "Te veel pogingen",
	    "Er zijn te veel pogingen gedaan. Wacht een paar minuten "
	    "en probeer het dan opnieuw." },
	[DDD_ERR_DB_UNAVAILABLE] = { 503, "db_unavailable",
	    "Tijdelijk niet beschikbaar",
	    "Het systeem is even niet bereikbaar. Er is niets verloren "
	    "gegaan. Probeer het over een minuut opnieuw." },
	[DDD_ERR_NOMEM] = { 503, "no_memory",
	    "Tijdelijk niet beschikbaar",
	    "Het systeem is even overbelast. Probeer het over een minuut "
	    "opnieuw." },
	[DDD_ERR_BUSY] = { 503, "busy",
	    "Even druk",
	    "Er worden nu veel documenten tegelijk gemaakt. Er is niets "
	    "verloren gegaan. Probeer het over een minuut opnieuw." },
	[DDD_ERR_RENDER] = { 503, "render_failed",
	    "De PDF kon niet worden gemaakt",
	    "Het maken van de PDF is niet gelukt. Er is niets gewijzigd. "
	    "Probeer het over een paar minuten opnieuw; blijft het misgaan, "
	    "neem dan contact op met de decaan." },
	[DDD_ERR_INTERNAL] = { 500, "internal",
	    "Er ging iets mis",
	    "Er ging bij ons iets mis. Er is niets gewijzigd. Probeer het "
	    "later opnieuw; blijft het misgaan, neem dan contact op met de "
	    "decaan." },
};

static enum ddd_err
err_clamp(enum ddd_err e)
{
	return (unsigned)e < DDD_ERR__MAX ? e : DDD_ERR_INTERNAL;
}

int
err_http_status(enum ddd_err e)
{
	return errs[err_clamp(e)].status;
}

const char *
err_name(enum ddd_err e)
{
	return errs[err_clamp(e)].name;
}

const char *
err_title_nl(enum ddd_err e)
{
	return errs[err_clamp(e)].title;
}

const char *
err_text_nl(enum ddd_err e)
{
	return errs[err_clamp(e)].text;
}
