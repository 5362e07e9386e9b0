<?xml version="1.0" encoding="UTF-8"?>
<!-- Dossiers in deel B: for the mentor the dossiers sent to them (or of
     their classes), for the decaan all of the school. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/paging.xsl"/>

  <xsl:template match="deel-b-lijst" mode="title">Dossiers in deel B</xsl:template>

  <xsl:template match="deel-b-lijst" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Dossiers in deel B</p>
    <h1>Dossiers in deel B <span class="count">(<xsl:value-of select="count(dossiers/dossier)"/>)</span></h1>
    <xsl:if test="klaar">
      <div class="notice" role="status"><p>
        <xsl:choose>
          <xsl:when test="klaar = 'deel_b_opgestuurd'">Het dossier is naar de leerling gestuurd voor de akkoordverklaring.</xsl:when>
          <xsl:when test="klaar = 'teruggezet'">Het dossier is teruggezet naar de leerling. De leerling krijgt hierover een bericht.</xsl:when>
          <xsl:when test="klaar = 'gearchiveerd'">Het dossier is gearchiveerd.</xsl:when>
          <xsl:otherwise>Gelukt.</xsl:otherwise>
        </xsl:choose></p></div>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="not(dossiers/dossier)">
        <p>Er staan geen dossiers in deel B voor u klaar.</p>
      </xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
          <table class="list stack">
            <caption class="visually-hidden">Dossiers in deel B</caption>
            <thead><tr><th scope="col">Leerling</th><th scope="col">Klas</th><th scope="col">MBO-school</th>
              <th scope="col">Mentor</th><th scope="col">Sinds</th><th scope="col"><span class="visually-hidden">Acties</span></th></tr></thead>
            <tbody>
              <xsl:for-each select="dossiers/dossier">
                <tr>
                  <th scope="row"><bdi><xsl:value-of select="@leerling"/></bdi></th>
                  <td data-label="Klas"><xsl:value-of select="@klas"/></td>
                  <td data-label="MBO-school"><bdi><xsl:value-of select="@mbo"/></bdi></td>
                  <td data-label="Mentor"><bdi><xsl:value-of select="@mentor"/></bdi></td>
                  <td data-label="Sinds" class="date"><xsl:value-of select="substring(@sinds, 9, 2)"/>-<xsl:value-of select="substring(@sinds, 6, 2)"/>-<xsl:value-of select="substring(@sinds, 1, 4)"/></td>
                  <td class="actions">
                    <a class="button small" href="/portal/dossiers/{@id}/deel-b/1">In deel B<span class="visually-hidden">: <bdi><xsl:value-of select="@leerling"/></bdi></span></a>
                    <a href="/portal/dossiers/{@id}">Opties en verloop<span class="visually-hidden"> van <bdi><xsl:value-of select="@leerling"/></bdi></span></a>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="paging"><xsl:with-param name="basis" select="'/portal/deel-b?'"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
