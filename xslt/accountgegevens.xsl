<?xml version="1.0" encoding="UTF-8"?>
<!-- Alle leerlingen -> accountgegevens: instructions to a leerjaar, a klas
     or one student, as the manual describes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:key name="leerjaar" match="leerling" use="@leerjaar"/>
  <xsl:key name="klas" match="leerling" use="@klas"/>

  <xsl:template match="accountgegevens" mode="title">Alle leerlingen – accountgegevens</xsl:template>

  <xsl:template match="accountgegevens" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Alle leerlingen › Accountgegevens</p>
    <h1>Accountgegevens verstrekken</h1>
    <p>Leerlingen activeren hun account zelf met hun leerlingnummer. Stuur ze hier de instructie.
    Leerlingen die vorig schooljaar al een account hadden, kunnen met hun bekende gegevens inloggen.</p>
    <xsl:for-each select="resultaat">
      <div class="notice" role="status">
        <p><xsl:value-of select="@verstuurd"/>
          <xsl:choose>
            <xsl:when test="@verstuurd = 1"> mail is klaargezet voor verzending.</xsl:when>
            <xsl:otherwise> mails zijn klaargezet voor verzending.</xsl:otherwise>
          </xsl:choose></p>
        <xsl:if test="zonder-email/leerling">
          <p>Van deze leerlingen is geen e-mailadres bekend; zij krijgen geen mail. Gebruik voor hen
          'Print accountgegevens':</p>
          <ul>
            <xsl:for-each select="zonder-email/leerling"><li><bdi><xsl:value-of select="."/></bdi></li></xsl:for-each>
          </ul>
        </xsl:if>
      </div>
    </xsl:for-each>
    <xsl:call-template name="error-summary"/>
    <xsl:choose>
      <xsl:when test="not(leerlingen/leerling)">
        <p>Er zijn nog geen leerlingen. Lees eerst een leerlinglijst in.</p>
      </xsl:when>
      <xsl:otherwise>
        <form method="post" action="/portal/accountgegevens" class="form wide">
          <xsl:call-template name="csrf"/>
          <fieldset id="naar">
            <legend>Versturen naar</legend>
            <xsl:call-template name="field-error"><xsl:with-param name="name">naar</xsl:with-param></xsl:call-template>
            <div class="choice">
              <input type="radio" name="naar" id="naar-leerjaar" value="leerjaar">
                <xsl:if test="form/naar = 'leerjaar' or not(form/naar)"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="naar-leerjaar">Een leerjaar</label>
            </div>
            <div class="field indent">
              <label for="leerjaar">Leerjaar</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">leerjaar</xsl:with-param></xsl:call-template>
              <select id="leerjaar" name="leerjaar">
                <xsl:for-each select="leerlingen/leerling[@leerjaar != ''][generate-id() = generate-id(key('leerjaar', @leerjaar)[1])]">
                  <xsl:sort select="@leerjaar" data-type="number"/>
                  <option value="{@leerjaar}">
                    <xsl:if test="@leerjaar = /accountgegevens/form/leerjaar"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                    Leerjaar <xsl:value-of select="@leerjaar"/> (<xsl:call-template name="aantal"><xsl:with-param name="n" select="count(key('leerjaar', @leerjaar))"/></xsl:call-template>)
                  </option>
                </xsl:for-each>
              </select>
            </div>
            <div class="choice">
              <input type="radio" name="naar" id="naar-klas" value="klas">
                <xsl:if test="form/naar = 'klas'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="naar-klas">Eén klas</label>
            </div>
            <div class="field indent">
              <label for="klas">Klas</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">klas</xsl:with-param></xsl:call-template>
              <select id="klas" name="klas">
                <xsl:for-each select="leerlingen/leerling[@klas != ''][generate-id() = generate-id(key('klas', @klas)[1])]">
                  <xsl:sort select="@klas"/>
                  <option value="{@klas}">
                    <xsl:if test="@klas = /accountgegevens/form/klas"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                    <xsl:value-of select="@klas"/> (<xsl:call-template name="aantal"><xsl:with-param name="n" select="count(key('klas', @klas))"/></xsl:call-template>)
                  </option>
                </xsl:for-each>
              </select>
            </div>
            <div class="choice">
              <input type="radio" name="naar" id="naar-leerling" value="leerling">
                <xsl:if test="form/naar = 'leerling'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="naar-leerling">Eén leerling</label>
            </div>
            <div class="field indent">
              <label for="leerling">Leerling</label>
              <p class="hint" id="leerling-hint">Typ een deel van de voornaam en kies de volledige naam.</p>
              <xsl:call-template name="field-error"><xsl:with-param name="name">leerling</xsl:with-param></xsl:call-template>
              <input id="leerling" name="leerling" type="text" list="leerlingen-lijst" autocomplete="off"
                  maxlength="300" value="{form/leerling}" aria-describedby="leerling-hint" dir="auto">
                <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">leerling</xsl:with-param></xsl:call-template>
              </input>
              <datalist id="leerlingen-lijst">
                <xsl:for-each select="leerlingen/leerling"><option value="{@label}"/></xsl:for-each>
              </datalist>
            </div>
          </fieldset>
          <fieldset id="actie">
            <legend>Wat wilt u doen?</legend>
            <xsl:call-template name="field-error"><xsl:with-param name="name">actie</xsl:with-param></xsl:call-template>
            <div class="choice">
              <input type="radio" name="actie" id="actie-standaard" value="standaard">
                <xsl:if test="form/actie = 'standaard' or not(form/actie)"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="actie-standaard">Mail met accountgegevens</label>
              <p class="hint">Een standaard instructiemail, met het leerlingnummer van elke leerling.</p>
            </div>
            <div class="choice">
              <input type="radio" name="actie" id="actie-opstellen" value="opstellen">
                <xsl:if test="form/actie = 'opstellen'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="actie-opstellen">Mail opstellen</label>
              <p class="hint">U schrijft zelf de tekst; het leerlingnummer en de link worden eronder gezet.</p>
            </div>
            <div class="field indent">
              <label for="onderwerp">Onderwerp</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">onderwerp</xsl:with-param></xsl:call-template>
              <input id="onderwerp" name="onderwerp" type="text" maxlength="150" value="{form/onderwerp}" dir="auto">
                <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">onderwerp</xsl:with-param></xsl:call-template>
              </input>
            </div>
            <div class="field indent">
              <label for="tekst">Tekst van de mail</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">tekst</xsl:with-param></xsl:call-template>
              <textarea id="tekst" name="tekst" rows="8" maxlength="8192" dir="auto">
                <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">tekst</xsl:with-param></xsl:call-template>
                <xsl:value-of select="form/tekst"/>
              </textarea>
            </div>
            <div class="choice">
              <input type="radio" name="actie" id="actie-print" value="print">
                <xsl:if test="form/actie = 'print'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="actie-print">Print accountgegevens</label>
              <p class="hint">Een Word-document met de standaard instructie, één kantje per leerling.</p>
            </div>
          </fieldset>
          <p><button type="submit" class="button">Uitvoeren</button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
