<?xml version="1.0" encoding="UTF-8"?>
<!-- The decaan's mail log of one student: state, reason of a failure,
     and 'Opnieuw versturen'. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="maillog" mode="title">Mails aan <xsl:value-of select="leerling"/></xsl:template>

  <xsl:template match="maillog" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › <a href="/portal/leerlingen">Mijn Leerlingen</a> › Mails</p>
    <h1>Mails aan <bdi><xsl:value-of select="leerling"/></bdi></h1>
    <p><a href="/portal/leerlingen/{leerling/@id}/inzage">Inzage, inzageverzoek en verwijderverzoek</a></p>
    <xsl:if test="opnieuw"><div class="notice" role="status"><p>De mail staat klaar om opnieuw te worden verstuurd.</p></div></xsl:if>
    <xsl:choose>
      <xsl:when test="not(mails/mail)"><p>Er zijn nog geen mails aan deze leerling verstuurd.</p></xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
          <table class="list stack">
            <caption class="visually-hidden">Mails aan deze leerling</caption>
            <thead><tr><th scope="col">Onderwerp</th><th scope="col">Aan</th><th scope="col">Status</th><th scope="col">Aangemaakt</th><th scope="col"><span class="visually-hidden">Actie</span></th></tr></thead>
            <tbody>
              <xsl:for-each select="mails/mail">
                <tr>
                  <th scope="row"><xsl:value-of select="."/></th>
                  <td data-label="Aan" class="break"><xsl:value-of select="@aan"/></td>
                  <td data-label="Status">
                    <xsl:choose>
                      <xsl:when test="@status = 'queued'">wacht op verzending<xsl:if test="@pogingen &gt; 0"> (<xsl:call-template name="aantal"><xsl:with-param name="n" select="@pogingen"/><xsl:with-param name="een">poging</xsl:with-param><xsl:with-param name="meer">pogingen</xsl:with-param></xsl:call-template>)</xsl:if></xsl:when>
                      <xsl:when test="@status = 'sending'">wordt verstuurd</xsl:when>
                      <xsl:when test="@status = 'sent'">verstuurd op <xsl:value-of select="concat(substring(@verstuurd, 9, 2), '-', substring(@verstuurd, 6, 2), '-', substring(@verstuurd, 1, 4), ' ', substring(@verstuurd, 12, 5))"/></xsl:when>
                      <xsl:otherwise><strong class="late">niet verstuurd</strong></xsl:otherwise>
                    </xsl:choose>
                    <xsl:if test="@fout != ''"><br/><span class="small">Reden: <xsl:value-of select="@fout"/></span></xsl:if>
                  </td>
                  <td data-label="Aangemaakt" class="date"><xsl:value-of select="concat(substring(@aangemaakt, 9, 2), '-', substring(@aangemaakt, 6, 2), '-', substring(@aangemaakt, 1, 4))"/></td>
                  <td>
                    <xsl:if test="@status = 'failed' or @status = 'sent'">
                      <form method="post" action="/portal/leerlingen/{/maillog/leerling/@id}/mail/{@id}/opnieuw" class="inline">
                        <xsl:call-template name="csrf"/>
                        <button type="submit" class="button small secondary">Opnieuw versturen<span class="visually-hidden">: <xsl:value-of select="."/></span></button>
                      </form>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
