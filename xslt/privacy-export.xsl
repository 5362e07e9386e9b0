<?xml version="1.0" encoding="UTF-8"?>
<!-- The inzage export as a machine-readable file (schema/privacy-export.rng,
     in the same zip): everything the school holds about one student.
     Input (fcgi/privacy_export.c):
       <inzage gemaakt voor door>
         <school naam brin/>
         <leerling naam leerlingnummer roepnaam tussenvoegsel achternaam
             geboortedatum klas leerjaar email wachtwoord geactiveerd
             ddd-geactiveerd aangemaakt gewijzigd>
           <bsn gekoppeld laatste/> <sessie aangemaakt laatst/>*
           <activeringslink aangemaakt verloopt gebruikt/>*
           <schoolaccount via uitgever kenmerk gekoppeld laatst/>? </leerling>
         <dossier id fase versie gearchiveerd aangemaakt gewijzigd fase-sinds
             deel-a-opgestuurd mentor mbo mbo-ontvangen>
           <overzicht> (as for the pages) </overzicht>
           <mbo-status waarde reden op/>? <melding mbo status aangemaakt
           verstuurd/>* <verloop><gebeurtenis op soort versie door van
           naar>note</gebeurtenis></verloop>? <document soort versie
           definitief sha256 bytes op bestand/>* <herinnering fase deadline
           op/>* </dossier>*
         <mails><mail soort aan naam status aangemaakt verstuurd
           medewerker>subject</mail></mails>
         <toegang><inzage op dossier wie organisatie wat extern/></toegang>
         <handelingen><handeling op wie rol wat dossier>detail</handeling>
         </handelingen>
       </inzage>
     Times are the database's (UTC) as xs:dateTime. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:ddd:inzage:1">
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes" media-type="application/xml"/>

  <!-- "jjjj-mm-dd uu:mm:ss[.fff]" as xs:dateTime. -->
  <xsl:template name="tijd">
    <xsl:param name="naam"/>
    <xsl:param name="v"/>
    <xsl:if test="string($v) != ''">
      <xsl:attribute name="{$naam}"><xsl:value-of select="translate($v, ' ', 'T')"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/inzage">
    <inzageverzoek gemaakt="{translate(@gemaakt, ' ', 'T')}" omvang="{@voor}">
      <toelichting>Alles wat het Digitaal Doorstroomdossier van de school over deze leerling bewaart<xsl:if test="@voor = 'leerling'">, zoals de leerling het nu mag zien (deel B zodra de mentor het heeft opgestuurd)</xsl:if>. Van eerdere versies van een dossier bewaart het systeem geen antwoorden: alleen de huidige antwoorden, het verloop (met het versienummer van elke gebeurtenis) en de opgeslagen PDF's (per soort de laatst gemaakte, en de definitieve). Van een gekoppeld BSN staan hier alleen de laatste drie cijfers. Van mails staan onderwerp, datum en ontvanger hier, niet de tekst. Tijden in UTC.</toelichting>
      <school brin="{school/@brin}"><xsl:value-of select="school/@naam"/></school>
      <xsl:apply-templates select="leerling"/>
      <xsl:apply-templates select="dossier"/>
      <mails>
        <xsl:for-each select="mails/mail">
          <mail soort="{@soort}" aan="{@aan}" status="{@status}" aanMedewerker="{@medewerker = '1'}">
            <xsl:call-template name="tijd"><xsl:with-param name="naam">aangemaakt</xsl:with-param><xsl:with-param name="v" select="@aangemaakt"/></xsl:call-template>
            <xsl:call-template name="tijd"><xsl:with-param name="naam">verstuurd</xsl:with-param><xsl:with-param name="v" select="@verstuurd"/></xsl:call-template>
            <xsl:if test="@naam != ''"><xsl:attribute name="naam"><xsl:value-of select="@naam"/></xsl:attribute></xsl:if>
            <xsl:value-of select="."/>
          </mail>
        </xsl:for-each>
      </mails>
      <toegang>
        <xsl:for-each select="toegang/inzage">
          <inzage datum="{translate(@op, ' ', 'T')}" dossier="{@dossier}" wat="{@wat}" extern="{@extern = '1'}">
            <wie><xsl:value-of select="@wie"/></wie>
            <organisatie><xsl:value-of select="@organisatie"/></organisatie>
          </inzage>
        </xsl:for-each>
      </toegang>
      <handelingen>
        <xsl:for-each select="handelingen/handeling">
          <handeling datum="{translate(@op, ' ', 'T')}" wat="{@wat}" rol="{@rol}">
            <xsl:if test="@dossier != '0'"><xsl:attribute name="dossier"><xsl:value-of select="@dossier"/></xsl:attribute></xsl:if>
            <wie><xsl:value-of select="@wie"/></wie>
            <xsl:if test=". != ''"><toelichting><xsl:value-of select="."/></toelichting></xsl:if>
          </handeling>
        </xsl:for-each>
      </handelingen>
    </inzageverzoek>
  </xsl:template>

  <xsl:template match="leerling">
    <leerling>
      <leerlingnummer><xsl:value-of select="@leerlingnummer"/></leerlingnummer>
      <roepnaam><xsl:value-of select="@roepnaam"/></roepnaam>
      <xsl:if test="@tussenvoegsel != ''"><voorvoegsel><xsl:value-of select="@tussenvoegsel"/></voorvoegsel></xsl:if>
      <achternaam><xsl:value-of select="@achternaam"/></achternaam>
      <xsl:if test="@geboortedatum != ''"><geboortedatum><xsl:value-of select="@geboortedatum"/></geboortedatum></xsl:if>
      <xsl:if test="@klas != ''"><klas><xsl:value-of select="@klas"/></klas></xsl:if>
      <xsl:if test="@leerjaar != ''"><leerjaar><xsl:value-of select="@leerjaar"/></leerjaar></xsl:if>
      <xsl:if test="@email != ''"><emailadres><xsl:value-of select="@email"/></emailadres></xsl:if>
      <bsn gekoppeld="{bsn/@gekoppeld = '1'}">
        <xsl:if test="bsn/@laatste != ''"><xsl:attribute name="laatsteCijfers"><xsl:value-of select="bsn/@laatste"/></xsl:attribute></xsl:if>
      </bsn>
      <account aangemaakt="{translate(@aangemaakt, ' ', 'T')}" gewijzigd="{translate(@gewijzigd, ' ', 'T')}"
          wachtwoordIngesteld="{@wachtwoord = '1'}">
        <xsl:call-template name="tijd"><xsl:with-param name="naam">geactiveerd</xsl:with-param><xsl:with-param name="v" select="@geactiveerd"/></xsl:call-template>
        <xsl:call-template name="tijd"><xsl:with-param name="naam">dddGeactiveerd</xsl:with-param><xsl:with-param name="v" select="@ddd-geactiveerd"/></xsl:call-template>
      </account>
      <xsl:for-each select="sessie">
        <sessie aangemaakt="{translate(@aangemaakt, ' ', 'T')}" laatstActief="{translate(@laatst, ' ', 'T')}"/>
      </xsl:for-each>
      <xsl:for-each select="activeringslink">
        <activeringslink aangemaakt="{translate(@aangemaakt, ' ', 'T')}" verloopt="{translate(@verloopt, ' ', 'T')}">
          <xsl:call-template name="tijd"><xsl:with-param name="naam">gebruikt</xsl:with-param><xsl:with-param name="v" select="@gebruikt"/></xsl:call-template>
        </activeringslink>
      </xsl:for-each>
      <xsl:for-each select="schoolaccount">
        <schoolaccount protocol="{@via}" uitgever="{@uitgever}" kenmerk="{@kenmerk}"
            gekoppeld="{translate(@gekoppeld, ' ', 'T')}">
          <xsl:call-template name="tijd"><xsl:with-param name="naam">laatstIngelogd</xsl:with-param><xsl:with-param name="v" select="@laatst"/></xsl:call-template>
        </schoolaccount>
      </xsl:for-each>
    </leerling>
  </xsl:template>

  <xsl:template match="dossier">
    <dossier id="{@id}" fase="{@fase}" versie="{@versie}" gearchiveerd="{@gearchiveerd = '1'}"
        aangemaakt="{translate(@aangemaakt, ' ', 'T')}" gewijzigd="{translate(@gewijzigd, ' ', 'T')}"
        faseSinds="{translate(@fase-sinds, ' ', 'T')}">
      <xsl:call-template name="tijd"><xsl:with-param name="naam">deelAOpgestuurd</xsl:with-param><xsl:with-param name="v" select="@deel-a-opgestuurd"/></xsl:call-template>
      <xsl:call-template name="tijd"><xsl:with-param name="naam">mboOntvangen</xsl:with-param><xsl:with-param name="v" select="@mbo-ontvangen"/></xsl:call-template>
      <xsl:if test="@mentor != ''"><mentor><xsl:value-of select="@mentor"/></mentor></xsl:if>
      <xsl:if test="@mbo != ''"><mboSchool><xsl:value-of select="@mbo"/></mboSchool></xsl:if>
      <xsl:for-each select="mbo-status[@waarde != '']">
        <mboStatus waarde="{@waarde}">
          <xsl:call-template name="tijd"><xsl:with-param name="naam">datum</xsl:with-param><xsl:with-param name="v" select="@op"/></xsl:call-template>
          <xsl:if test="@reden != ''"><xsl:attribute name="reden"><xsl:value-of select="@reden"/></xsl:attribute></xsl:if>
        </mboStatus>
      </xsl:for-each>
      <xsl:for-each select="overzicht/form">
        <deel id="{@id}" titel="{@title}">
          <xsl:for-each select="step">
            <stap id="{@id}" titel="{@title}">
              <xsl:for-each select="question">
                <xsl:variable name="id" select="@id"/>
                <xsl:variable name="v" select="ancestor::overzicht/antwoorden/a[@q = $id]"/>
                <xsl:if test="$v">
                  <antwoord vraag="{@id}" type="{@type}">
                    <vraag><xsl:value-of select="normalize-space(label)"/></vraag>
                    <waarde><xsl:value-of select="$v"/></waarde>
                    <xsl:choose>
                      <xsl:when test="@type = 'bijlage'">
                        <xsl:for-each select="ancestor::overzicht/bijlagen/bijlage[@id = $v]">
                          <bijlage bestand="{@bestand}" naam="{@naam}" mediatype="{@type}" bytes="{@bytes}" sha256="{@sha256}"
                              datum="{translate(@op, ' ', 'T')}"/>
                        </xsl:for-each>
                      </xsl:when>
                      <xsl:when test="$v != '' and (@type = 'choice' or @type = 'multi-choice' or @type = 'yes-no' or @type = 'mbo')">
                        <leesbaar><xsl:call-template name="antwoord"><xsl:with-param name="v" select="$v"/></xsl:call-template></leesbaar>
                      </xsl:when>
                    </xsl:choose>
                  </antwoord>
                </xsl:if>
              </xsl:for-each>
            </stap>
          </xsl:for-each>
        </deel>
      </xsl:for-each>
      <xsl:for-each select="overzicht/akkoordverklaring">
        <akkoordverklaring datum="{translate(@op, ' ', 'T')}" versie="{@versie}">
          <xsl:if test="@ouder != ''"><ouder relatie="{@relatie}"><xsl:value-of select="@ouder"/></ouder></xsl:if>
          <xsl:if test=". != ''"><opmerkingen><xsl:value-of select="."/></opmerkingen></xsl:if>
        </akkoordverklaring>
      </xsl:for-each>
      <xsl:for-each select="verloop">
        <verloop>
          <xsl:for-each select="gebeurtenis">
            <gebeurtenis datum="{translate(@op, ' ', 'T')}" soort="{@soort}" versie="{@versie}">
              <xsl:if test="@van != ''"><xsl:attribute name="vanFase"><xsl:value-of select="@van"/></xsl:attribute></xsl:if>
              <xsl:if test="@naar != ''"><xsl:attribute name="naarFase"><xsl:value-of select="@naar"/></xsl:attribute></xsl:if>
              <xsl:if test="@door != ''"><door><xsl:value-of select="@door"/></door></xsl:if>
              <xsl:if test=". != ''"><toelichting><xsl:value-of select="."/></toelichting></xsl:if>
            </gebeurtenis>
          </xsl:for-each>
        </verloop>
      </xsl:for-each>
      <xsl:for-each select="document">
        <document soort="{@soort}" versie="{@versie}" definitief="{@definitief = '1'}" sha256="{@sha256}"
            bytes="{@bytes}" datum="{translate(@op, ' ', 'T')}" bestand="{@bestand}"/>
      </xsl:for-each>
      <xsl:for-each select="herinnering">
        <herinnering fase="{@fase}" deadline="{@deadline}" datum="{translate(@op, ' ', 'T')}"/>
      </xsl:for-each>
      <xsl:for-each select="melding">
        <meldingMbo mboSchool="{@mbo}" status="{@status}" aangemaakt="{translate(@aangemaakt, ' ', 'T')}">
          <xsl:call-template name="tijd"><xsl:with-param name="naam">verstuurd</xsl:with-param><xsl:with-param name="v" select="@verstuurd"/></xsl:call-template>
        </meldingMbo>
      </xsl:for-each>
    </dossier>
  </xsl:template>
</xsl:stylesheet>
