<?xml version="1.0" encoding="UTF-8"?>
<!-- The college's API clients (fcgi/api_client.c, api_clients_xml), for
     its users to see which of their systems fetch dossiers: on the list
     of afgeronde dossiers.  The operator makes and revokes them
     (dddctl api-client); docs/api.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="api-datum">
    <xsl:param name="t"/>
    <xsl:value-of select="concat(substring($t, 9, 2), '-', substring($t, 6, 2), '-', substring($t, 1, 4))"/>
  </xsl:template>

  <xsl:template match="api-clients">
    <section aria-labelledby="koppelingen">
      <h2 id="koppelingen">Koppelingen met uw systemen (API)</h2>
      <p>Systemen van uw instelling die afgeronde dossiers via de API ophalen en de stand
      doorgeven, elk met een eigen sleutel. De beheerder van het Digitaal Doorstroomdossier
      maakt ze aan en trekt ze in; neem contact op als een koppeling niet meer klopt.</p>
      <xsl:choose>
        <xsl:when test="not(client)"><p>Uw instelling heeft nog geen koppeling.</p></xsl:when>
        <xsl:otherwise>
          <div class="table-wrap">
            <table class="list stack">
              <caption class="visually-hidden">Koppelingen met uw systemen</caption>
              <thead><tr><th scope="col">Naam</th><th scope="col">Client-id</th><th scope="col">Mag</th><th scope="col">Aanmelden met</th><th scope="col">Sinds</th><th scope="col">Laatst gebruikt</th><th scope="col">Stand</th></tr></thead>
              <tbody>
                <xsl:for-each select="client">
                  <tr>
                    <th scope="row"><bdi><xsl:value-of select="@naam"/></bdi></th>
                    <td data-label="Client-id"><code><xsl:value-of select="@id"/></code></td>
                    <td data-label="Mag">
                      <xsl:if test="contains(@scopes, 'dossiers:read')">dossiers ophalen</xsl:if>
                      <xsl:if test="contains(@scopes, 'dossiers:read') and contains(@scopes, 'status:write')">, </xsl:if>
                      <xsl:if test="contains(@scopes, 'status:write')">stand doorgeven</xsl:if>
                      <xsl:value-of select="concat(' (', @rate, ' verzoeken per minuut)')"/>
                    </td>
                    <td data-label="Aanmelden met">
                      <xsl:choose>
                        <xsl:when test="@certificaat = '1'">certificaat</xsl:when>
                        <xsl:otherwise>geheime sleutel</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="Sinds" class="date"><xsl:call-template name="api-datum"><xsl:with-param name="t" select="@sinds"/></xsl:call-template></td>
                    <td data-label="Laatst gebruikt" class="date">
                      <xsl:choose>
                        <xsl:when test="@gebruikt != ''"><xsl:call-template name="api-datum"><xsl:with-param name="t" select="@gebruikt"/></xsl:call-template></xsl:when>
                        <xsl:otherwise>nog niet</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="Stand">
                      <xsl:choose>
                        <xsl:when test="@ingetrokken != ''">ingetrokken op <xsl:call-template name="api-datum"><xsl:with-param name="t" select="@ingetrokken"/></xsl:call-template></xsl:when>
                        <xsl:otherwise>actief</xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
