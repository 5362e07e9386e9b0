<?xml version="1.0" encoding="UTF-8"?>
<!-- The page shell every HTML page shares: language, skip link, header
     with who is logged in, main landmark, footer.  A page stylesheet
     imports this and provides templates in mode "title" and "main". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="form.xsl"/>
  <xsl:import href="tekst.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat" media-type="text/html"/>

  <xsl:template match="/">
    <html lang="nl">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:apply-templates select="/*" mode="title"/> – Digitaal Doorstroomdossier</title>
        <link rel="stylesheet" href="/static/ddd.css"/>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>
        <!-- Only improves pages that work without it (CSP: no inline
             script); see docs/decisions.md. -->
        <script src="/static/ddd.js" defer="defer"></script>
      </head>
      <body>
        <a class="skip" href="#main">Naar de inhoud</a>
        <header class="top">
          <p class="brand"><a href="/">Digitaal Doorstroomdossier</a></p>
          <xsl:for-each select="/*/session">
            <div class="who">
              <span><bdi><xsl:value-of select="@naam"/></bdi> · <bdi><xsl:value-of select="@tenant"/></bdi></span>
              <form method="post" action="/uitloggen" class="inline">
                <xsl:call-template name="csrf"/>
                <button type="submit" class="link">Uitloggen</button>
              </form>
            </div>
          </xsl:for-each>
        </header>
        <main id="main">
          <xsl:apply-templates select="/*" mode="main"/>
        </main>
        <footer class="bottom">
          <p>Digitaal Doorstroomdossier – van het VO naar het MBO ·
            <a href="/toegankelijkheid">Toegankelijkheid</a></p>
        </footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
