<?xml version="1.0" encoding="UTF-8"?>
<!-- Federated log-in (issue 18, fcgi/page_sso.c).
     <sso-geweigerd><reden code="...">Dutch text</reden></sso-geweigerd>:
       a federated log-in that did not let anyone in, and whom to ask.
     <inloggen><sso protocol label wachtwoord-leerling/>?<leerlingen>
       <leerling id nummer klas naam wachtwoord="ja|nee" via="oidc|saml|"
       gekoppeld laatst/></leerlingen><notice/>?<errors/>?</inloggen>:
       the decaan's list of how students log in, with unlinking. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="sso-geweigerd" mode="title">Inloggen via je school niet gelukt</xsl:template>

  <xsl:template match="sso-geweigerd" mode="main">
    <h1>Inloggen via je school is niet gelukt</h1>
    <div class="alert" role="alert" data-reden="{reden/@code}">
      <p><xsl:value-of select="reden"/></p>
    </div>
    <p><a href="/login">Terug naar de inlogpagina</a></p>
  </xsl:template>

  <xsl:template match="inloggen" mode="title">Hoe leerlingen inloggen</xsl:template>

  <xsl:template match="inloggen" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Hoe leerlingen inloggen</p>
    <h1>Hoe leerlingen inloggen</h1>
    <xsl:if test="notice">
      <div class="notice" role="status"><p><xsl:value-of select="notice"/></p></div>
    </xsl:if>
    <xsl:call-template name="error-summary"/>
    <xsl:choose>
      <xsl:when test="sso">
        <p>Leerlingen kunnen inloggen met de knop '<xsl:value-of select="sso"/>'. De eerste keer wordt hun
          schoolaccount gekoppeld aan hun account hier, op leerlingnummer; ze hoeven dan niets te activeren.
          <xsl:if test="sso/@wachtwoord-leerling = 'nee'">Met een wachtwoord inloggen kan voor leerlingen niet meer.</xsl:if></p>
        <p>Hebt u een koppeling opgeheven, dan wordt de leerling de volgende keer opnieuw gekoppeld op leerlingnummer.</p>
      </xsl:when>
      <xsl:otherwise>
        <p>Uw school is (nog) niet aangesloten op inloggen via Entree of SURFconext: leerlingen loggen in met
          hun wachtwoord. Aansluiten gaat via het schoolbestand; zie de handleiding voor beheerders.</p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="not(leerlingen/leerling)">
        <p>Er zijn nog geen leerlingen. Lees eerst een leerlinglijst in.</p>
      </xsl:when>
      <xsl:otherwise>
        <table id="account">
          <caption>Leerlingen en hoe ze inloggen</caption>
          <thead>
            <tr><th scope="col">Klas</th><th scope="col">Leerlingnummer</th><th scope="col">Naam</th>
              <th scope="col">Wachtwoord</th><th scope="col">Via de school</th><th scope="col">Laatst via de school</th>
              <th scope="col"><span class="visually-hidden">Actie</span></th></tr>
          </thead>
          <tbody>
            <xsl:for-each select="leerlingen/leerling">
              <tr>
                <td><xsl:value-of select="@klas"/></td>
                <td><xsl:value-of select="@nummer"/></td>
                <td><bdi><xsl:value-of select="@naam"/></bdi></td>
                <td><xsl:choose><xsl:when test="@wachtwoord = 'ja'">ingesteld</xsl:when><xsl:otherwise>geen</xsl:otherwise></xsl:choose></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="@via != ''">
                      <xsl:choose>
                        <xsl:when test="/inloggen/sso and @via = /inloggen/sso/@protocol"><xsl:value-of select="/inloggen/sso"/></xsl:when>
                        <xsl:when test="@via = 'saml'">via de school (SAML)</xsl:when>
                        <xsl:otherwise>via de school (OpenID Connect)</xsl:otherwise>
                      </xsl:choose>, gekoppeld <xsl:value-of select="@gekoppeld"/>
                    </xsl:when>
                    <xsl:otherwise>niet gekoppeld</xsl:otherwise>
                  </xsl:choose>
                </td>
                <td><xsl:value-of select="@laatst"/></td>
                <td>
                  <xsl:if test="@via != ''">
                    <form method="post" action="/portal/inloggen" class="inline">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="account" value="{@id}"/>
                      <button type="submit" class="button secondary">Ontkoppel<span class="visually-hidden"> <xsl:value-of select="@naam"/></span></button>
                    </form>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
