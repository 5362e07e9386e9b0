<?xml version="1.0" encoding="UTF-8"?>
<!-- An afgerond dossier as XML for the MBO (schema/dossier-export.rng).
     Element names follow the Edustandaard OSO gegevensset where one fits
     (leerling, bsn, achternaam, geboortedatum, overstapadvies, zorg/opp,
     stage); every answered question follows under its part and step. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:ddd:export:1">
  <xsl:output method="xml" encoding="UTF-8" indent="yes" media-type="application/xml"/>

  <xsl:key name="a" match="/export/overzicht/antwoorden/a" use="@q"/>

  <xsl:template match="/export">
    <doorstroomdossier id="{@dossier}" versie="{@versie}">
      <leerling>
        <leerlingnummer><xsl:value-of select="student/leerlingnummer"/></leerlingnummer>
        <xsl:if test="student/bsn"><bsn><xsl:value-of select="student/bsn"/></bsn></xsl:if>
        <roepnaam><xsl:value-of select="student/roepnaam"/></roepnaam>
        <xsl:if test="student/tussenvoegsel != ''"><voorvoegsel><xsl:value-of select="student/tussenvoegsel"/></voorvoegsel></xsl:if>
        <achternaam><xsl:value-of select="student/achternaam"/></achternaam>
        <xsl:if test="student/geboortedatum != ''"><geboortedatum><xsl:value-of select="student/geboortedatum"/></geboortedatum></xsl:if>
        <xsl:if test="student/klas != ''"><klas><xsl:value-of select="student/klas"/></klas></xsl:if>
        <xsl:if test="student/email != ''"><emailadres><xsl:value-of select="student/email"/></emailadres></xsl:if>
      </leerling>
      <school brin="{school/@brin}"><xsl:value-of select="school"/></school>
      <xsl:for-each select="overzicht/akkoordverklaring">
        <akkoordverklaring datum="{translate(@op, ' ', 'T')}" versie="{@versie}">
          <xsl:if test="@ouder != ''"><ouder relatie="{@relatie}"><xsl:value-of select="@ouder"/></ouder></xsl:if>
          <xsl:if test=". != ''"><opmerkingen><xsl:value-of select="."/></opmerkingen></xsl:if>
        </akkoordverklaring>
      </xsl:for-each>
      <overstapadvies>
        <advies><xsl:value-of select="key('a', 'bd_advies')"/></advies>
        <onderbouwing><xsl:value-of select="key('a', 'bd_onderbouwing')"/></onderbouwing>
      </overstapadvies>
      <zorg>
        <opp><xsl:value-of select="key('a', 'bl_opp')"/></opp>
        <warmeOverdracht><xsl:value-of select="key('a', 'bl_warme_overdracht')"/></warmeOverdracht>
        <contactGewenst><xsl:value-of select="key('a', 'bl_contact')"/></contactGewenst>
        <xsl:if test="key('a', 'bl_contact') = 'ja'">
          <contactpersoon>
            <naam><xsl:value-of select="key('a', 'bl_contact_naam')"/></naam>
            <xsl:if test="key('a', 'bl_contact_email')"><emailadres><xsl:value-of select="key('a', 'bl_contact_email')"/></emailadres></xsl:if>
            <xsl:if test="key('a', 'bl_contact_telefoon')"><telefoon><xsl:value-of select="key('a', 'bl_contact_telefoon')"/></telefoon></xsl:if>
          </contactpersoon>
        </xsl:if>
      </zorg>
      <xsl:for-each select="overzicht/form">
        <deel id="{@id}" titel="{@title}">
          <xsl:for-each select="step">
            <stap id="{@id}" titel="{@title}">
              <xsl:for-each select="question[key('a', @id)]">
                <antwoord vraag="{@id}" type="{@type}">
                  <vraag><xsl:value-of select="normalize-space(label)"/></vraag>
                  <xsl:choose>
                    <xsl:when test="@type = 'bijlage'">
                      <xsl:variable name="b" select="/export/overzicht/bijlagen/bijlage[@id = key('a', current()/@id)]"/>
                      <waarde><xsl:value-of select="$b/@naam"/></waarde>
                      <xsl:for-each select="$b">
                        <bijlage naam="{@naam}" mediatype="{@type}" bytes="{@bytes}" sha256="{@sha256}">
                          <xsl:attribute name="bestand"><xsl:call-template name="bijlage-bestand"><xsl:with-param name="dossier" select="/export/@dossier"/></xsl:call-template></xsl:attribute>
                        </bijlage>
                      </xsl:for-each>
                    </xsl:when>
                    <xsl:otherwise>
                      <waarde><xsl:value-of select="key('a', @id)"/></waarde>
                    </xsl:otherwise>
                  </xsl:choose>
                </antwoord>
              </xsl:for-each>
            </stap>
          </xsl:for-each>
        </deel>
      </xsl:for-each>
    </doorstroomdossier>
  </xsl:template>

  <!-- The name of a <bijlage> in the MBO's zip (fcgi/page_mbo.c makes the
       same): dossier-ID-QUESTION.pdf|png|jpg. -->
  <xsl:template name="bijlage-bestand">
    <xsl:param name="dossier"/>
    <xsl:value-of select="concat('dossier-', $dossier, '-', @q, '.')"/>
    <xsl:choose>
      <xsl:when test="@type = 'application/pdf'">pdf</xsl:when>
      <xsl:when test="@type = 'image/png'">png</xsl:when>
      <xsl:otherwise>jpg</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
