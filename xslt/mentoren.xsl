<?xml version="1.0" encoding="UTF-8"?>
<!-- Alle leerlingen -> mentoren: the decaan sees and corrects the
     klaskoppeling, one class per row. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="mentoren" mode="title">Alle leerlingen – mentoren</xsl:template>

  <xsl:template match="mentoren" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Alle leerlingen › Mentoren</p>
    <h1>Mentoren per klas</h1>
    <p>Hier koppelt u een mentor aan een klas. Leerlingen kiezen bij het opsturen van deel A
    eerst de mentoren van hun eigen klas.</p>
    <xsl:if test="saved">
      <div class="notice" role="status"><p>De mentor van klas <xsl:value-of select="saved"/> is opgeslagen.</p></div>
    </xsl:if>
    <xsl:if test="added">
      <div class="notice" role="status"><p>Het account van <xsl:value-of select="added"/> is aangemaakt.
      De mentor activeert het via 'Account activeren' met dit e-mailadres.</p></div>
    </xsl:if>
    <xsl:call-template name="error-summary"/>
    <xsl:choose>
      <xsl:when test="not(klassen/klas)">
        <p>Er zijn nog geen klassen. Lees eerst een leerlinglijst in.</p>
      </xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
          <table class="list stack">
            <caption class="visually-hidden">Klassen met hun mentor</caption>
            <thead>
              <tr><th scope="col">Klas</th><th scope="col">Leerlingen</th><th scope="col">Mentor</th></tr>
            </thead>
            <tbody>
              <xsl:for-each select="klassen/klas">
                <xsl:variable name="klas" select="@naam"/>
                <xsl:variable name="id" select="concat('mentor-', position())"/>
                <tr>
                  <th scope="row"><xsl:value-of select="@naam"/></th>
                  <td data-label="Leerlingen"><xsl:value-of select="@leerlingen"/></td>
                  <td>
                    <form method="post" action="/portal/mentoren" class="row-form">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="klas" value="{@naam}"/>
                      <label for="{$id}" class="visually-hidden">Mentor van klas <xsl:value-of select="@naam"/></label>
                      <select id="{$id}" name="mentor">
                        <option value="">Geen mentor</option>
                        <xsl:for-each select="/mentoren/medewerkers/medewerker">
                          <option value="{@id}">
                            <xsl:if test="/mentoren/klassen/klas[@naam = $klas]/mentor[1]/@id = current()/@id">
                              <xsl:attribute name="selected">selected</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="@naam"/>
                            <xsl:if test="@rol = 'decaan'"> (decaan)</xsl:if>
                          </option>
                        </xsl:for-each>
                      </select>
                      <button type="submit" class="button small">Opslaan<span class="visually-hidden"> voor klas <xsl:value-of select="@naam"/></span></button>
                    </form>
                    <xsl:if test="count(mentor) &gt; 1">
                      <p class="hint">Nu gekoppeld: <xsl:for-each select="mentor"><bdi><xsl:value-of select="@naam"/></bdi><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>. Opslaan laat alleen de gekozen mentor over.</p>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <h2 id="nieuw">Mentor toevoegen</h2>
    <p>Staat een mentor nog niet in de lijst? Maak hier het account aan; daarna kunt u de mentor aan een klas koppelen.</p>
    <form method="post" action="/portal/mentoren/nieuw" class="form">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="text-field"><xsl:with-param name="name">roepnaam</xsl:with-param><xsl:with-param name="label">Roepnaam</xsl:with-param><xsl:with-param name="max">100</xsl:with-param></xsl:call-template>
      <xsl:call-template name="text-field"><xsl:with-param name="name">tussenvoegsel</xsl:with-param><xsl:with-param name="label">Tussenvoegsel</xsl:with-param><xsl:with-param name="max">30</xsl:with-param><xsl:with-param name="required" select="false()"/></xsl:call-template>
      <xsl:call-template name="text-field"><xsl:with-param name="name">achternaam</xsl:with-param><xsl:with-param name="label">Achternaam</xsl:with-param><xsl:with-param name="max">100</xsl:with-param></xsl:call-template>
      <xsl:call-template name="text-field"><xsl:with-param name="name">email</xsl:with-param><xsl:with-param name="label">E-mailadres</xsl:with-param><xsl:with-param name="max">254</xsl:with-param><xsl:with-param name="type">email</xsl:with-param></xsl:call-template>
      <p><button type="submit" class="button">Mentor toevoegen</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
