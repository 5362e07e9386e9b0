/* Whether a URL we will call or send a browser to is one we accept: https,
 * or http to this host only (tests, a proxy on loopback); for webhooks
 * (fcgi/webhook.c) and identity providers (fcgi/sso_config.c). */
#ifndef DDD_URLCHECK_H
#define DDD_URLCHECK_H

#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

/* 1 when url (at most max bytes) is https:// or http:// to 127.0.0.1,
 * localhost or [::1]; else 0 with the reason in why. */
static inline int
url_https_or_loopback(const char *url, size_t max, char *why, size_t whysize)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL;
	int	 good = 0;

	if (strlen(url) > max) {
		snprintf(why, whysize, "longer than %zu bytes", max);
		return 0;
	}
	if ((u = curl_url()) == NULL) {
		snprintf(why, whysize, "out of memory");
		return 0;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		snprintf(why, whysize, "not a URL");
	else if (strcmp(scheme, "https") == 0)
		good = 1;
	else if (strcmp(scheme, "http") == 0 && (strcmp(host, "127.0.0.1") ==
	    0 || strcmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0))
		good = 1;
	else
		snprintf(why, whysize, "must be https:// (http:// only to "
		    "127.0.0.1, localhost or [::1])");
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return good;
}

#endif
