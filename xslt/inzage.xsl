<?xml version="1.0" encoding="UTF-8"?>
<!-- The decaan's access log of one student (AVG): who viewed or
     downloaded which dossier, from which organisation, and who saw the
     BSN (the MBO's export); and the student's requests: the inzage
     export and erasure.  Input: <inzage><leerling id>name</leerling>
     <inzages><inzage op dossier wie organisatie wat extern/>. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:template match="inzage" mode="title">Inzage in het dossier van <xsl:value-of select="leerling"/></xsl:template>

  <xsl:template match="inzage" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › <a href="/portal/leerlingen">Mijn Leerlingen</a> › Inzage</p>
    <h1>Inzage in het dossier van <bdi><xsl:value-of select="leerling"/></bdi></h1>
    <p>Wie de dossiers van deze leerling heeft bekeken of gedownload, en wie het BSN heeft gezien.
      Medewerkers van de school en van de mbo-school staan hier; wat de leerling zelf bekijkt niet.
      U ziet de laatste 500.</p>
    <section class="block" aria-labelledby="verzoek-kop">
      <h2 id="verzoek-kop">Verzoeken van de leerling of ouders (AVG)</h2>
      <p><strong>Inzageverzoek:</strong> alles wat de school over deze leerling bewaart, in één zip: een leesbare PDF,
        hetzelfde als XML-bestand (met zijn schema), de bijlagen en de opgeslagen PDF's. Het maken komt in het logboek.</p>
      <form method="post" action="/portal/leerlingen/{leerling/@id}/export">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="button secondary">Export maken (zip)<span class="visually-hidden"> van <bdi><xsl:value-of select="leerling"/></bdi></span></button>
      </form>
      <p><strong>Verwijderverzoek:</strong> <a href="/portal/leerlingen/{leerling/@id}/verwijderen">Leerling en al zijn of haar gegevens verwijderen…</a>
        U ziet eerst wat er verdwijnt.</p>
    </section>
    <xsl:choose>
      <xsl:when test="not(inzages/inzage)"><p>Niemand heeft de dossiers van deze leerling nog bekeken.</p></xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
          <table class="list stack">
            <caption class="visually-hidden">Inzage in de dossiers van deze leerling</caption>
            <thead><tr><th scope="col">Wanneer</th><th scope="col">Wie</th><th scope="col">Organisatie</th><th scope="col">Wat</th><th scope="col">Dossier</th></tr></thead>
            <tbody>
              <xsl:for-each select="inzages/inzage">
                <tr>
                  <th scope="row"><xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></th>
                  <td data-label="Wie" dir="auto"><xsl:value-of select="@wie"/></td>
                  <td data-label="Organisatie"><xsl:value-of select="@organisatie"/><xsl:if test="@extern = '1'"> (mbo)</xsl:if></td>
                  <td data-label="Wat">
                    <xsl:choose>
                      <xsl:when test="@wat = 'bekeken'">dossier bekeken</xsl:when>
                      <xsl:when test="@wat = 'pdf'">PDF gedownload</xsl:when>
                      <xsl:when test="@wat = 'fo'">XSL-FO gedownload</xsl:when>
                      <xsl:when test="@wat = 'bijlage'">bijlage gedownload</xsl:when>
                      <xsl:when test="@wat = 'xml'">XML-export gedownload</xsl:when>
                      <xsl:when test="@wat = 'zip'">in een zip gedownload</xsl:when>
                      <xsl:when test="@wat = 'export'">in een inzage-export gedownload</xsl:when>
                      <xsl:when test="@wat = 'bsn'"><strong>BSN gezien</strong> (in de export)</xsl:when>
                      <xsl:otherwise><xsl:value-of select="@wat"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td data-label="Dossier"><a href="/portal/dossiers/{@dossier}/bekijken">Dossier <xsl:value-of select="@dossier"/></a></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
