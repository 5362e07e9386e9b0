<?xml version="1.0" encoding="UTF-8"?>
<!-- For the MBO intake: the afgeronde dossiers of students who chose this
     college, from the schools where it takes part. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/paging.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/api-clients.xsl"/>

  <xsl:template match="mbo-dossiers" mode="title">Afgeronde dossiers</xsl:template>

  <xsl:template match="mbo-dossiers" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Afgeronde dossiers</p>
    <h1>Afgeronde dossiers <span class="count">(<xsl:value-of select="count(dossiers/dossier)"/>)</span></h1>
    <p>De doorstroomdossiers van leerlingen die voor uw instelling kozen en akkoord gaven.
    U ziet alleen dossiers van scholen waar uw instelling aan het Digitaal Doorstroomdossier deelneemt.</p>
    <xsl:choose>
      <xsl:when test="not(dossiers/dossier)"><p>Er zijn nog geen afgeronde dossiers voor uw instelling.</p></xsl:when>
      <xsl:otherwise>
        <xsl:if test="niets-gekozen">
          <div class="alert" role="alert" tabindex="-1"><p>Kies eerst een of meer dossiers om te downloaden.</p></div>
        </xsl:if>
        <form method="post" action="/mbo/dossiers/zip">
          <xsl:call-template name="csrf"/>
          <div class="table-wrap">
            <table class="list stack">
              <caption class="visually-hidden">Afgeronde dossiers</caption>
              <thead><tr><th scope="col"><span class="visually-hidden">Kiezen</span></th><th scope="col">Leerling</th><th scope="col">School</th><th scope="col">Afgerond op</th><th scope="col">Stand</th><th scope="col"><span class="visually-hidden">Bekijken en downloaden</span></th></tr></thead>
              <tbody>
                <xsl:for-each select="dossiers/dossier">
                  <tr>
                    <td><input type="checkbox" name="dossier" value="{@id}" id="kies-{@id}"/><label for="kies-{@id}" class="visually-hidden">Kies het dossier van <bdi><xsl:value-of select="@leerling"/></bdi></label></td>
                    <th scope="row"><bdi><xsl:value-of select="@leerling"/></bdi></th>
                    <td data-label="School"><bdi><xsl:value-of select="@school"/></bdi></td>
                    <td data-label="Afgerond op" class="date"><xsl:value-of select="concat(substring(@afgerond, 9, 2), '-', substring(@afgerond, 6, 2), '-', substring(@afgerond, 1, 4))"/></td>
                    <td data-label="Stand"><xsl:call-template name="mbo-status-naam"><xsl:with-param name="status" select="@stand"/></xsl:call-template></td>
                    <td><a href="/mbo/dossiers/{@id}">Bekijken<span class="visually-hidden">: <bdi><xsl:value-of select="@leerling"/></bdi></span></a>
                      <xsl:text> </xsl:text>
                      <a href="/mbo/dossiers/{@id}/dossier.pdf" type="application/pdf">PDF<span class="visually-hidden">: <bdi><xsl:value-of select="@leerling"/></bdi></span></a></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <p class="actions"><button type="submit" class="button">Gekozen dossiers downloaden (zip met PDF en XML)</button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="paging"><xsl:with-param name="basis" select="'/mbo/dossiers?'"/></xsl:call-template>
    <xsl:apply-templates select="api-clients"/>
  </xsl:template>
</xsl:stylesheet>
