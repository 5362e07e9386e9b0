<?xml version="1.0" encoding="UTF-8"?>
<!-- The inzage export as XSL-FO (A4), for the readable PDF in the zip:
     everything the school holds about one student.  Input: the document
     fcgi/privacy_export.c builds (see xslt/privacy-export.xsl for its
     shape).  The dossiers' questions and answers and the
     akkoordverklaring are rendered by xslt/dossier-fo.xsl's templates,
     so they read as in the dossier's own PDF. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format">
  <xsl:import href="dossier-fo.xsl"/>
  <xsl:import href="lib/logboek.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="kleur">
    <xsl:choose>
      <xsl:when test="/inzage/school/@kleur != ''"><xsl:value-of select="/inzage/school/@kleur"/></xsl:when>
      <xsl:otherwise>#1d4e89</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="titel">Inzage: wat de school bewaart</xsl:variable>

  <xsl:template match="/inzage">
    <fo:root font-family="DejaVu Sans, WenQuanYi Zen Hei" font-size="10pt"
        line-height="1.35" language="nl" color="#1a1a1a">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="A4" page-height="297mm"
            page-width="210mm" margin-top="12mm" margin-bottom="10mm"
            margin-left="20mm" margin-right="20mm">
          <fo:region-body margin-top="18mm" margin-bottom="14mm"/>
          <fo:region-before extent="14mm"/>
          <fo:region-after extent="10mm"/>
        </fo:simple-page-master>
      </fo:layout-master-set>
      <fo:declarations>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:title><xsl:value-of select="concat($titel, ' – ', leerling/@naam)"/></dc:title>
              <dc:creator><xsl:value-of select="school/@naam"/></dc:creator>
              <dc:language>nl</dc:language>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
      </fo:declarations>
      <fo:page-sequence master-reference="A4">
        <fo:static-content flow-name="xsl-region-before">
          <fo:block border-bottom="1.5pt solid {$kleur}" padding-bottom="1.5mm" text-align-last="justify">
            <fo:inline font-weight="bold" color="{$kleur}"><xsl:value-of select="school/@naam"/></fo:inline>
            <fo:leader leader-pattern="space"/>
            <fo:inline font-weight="bold"><xsl:value-of select="leerling/@naam"/></fo:inline>
          </fo:block>
        </fo:static-content>
        <fo:static-content flow-name="xsl-region-after">
          <fo:block font-size="8pt" color="#555555" text-align-last="justify" border-top="0.5pt solid #999999" padding-top="1mm">
            <xsl:text>Inzage, gemaakt </xsl:text>
            <xsl:call-template name="datum"><xsl:with-param name="d" select="@gemaakt"/></xsl:call-template>
            <xsl:text> (UTC)</xsl:text>
            <fo:leader leader-pattern="space"/>
            <xsl:text>pagina </xsl:text><fo:page-number/><xsl:text> van </xsl:text><fo:page-number-citation ref-id="einde"/>
          </fo:block>
        </fo:static-content>
        <fo:flow flow-name="xsl-region-body">
          <fo:block role="H1" font-size="18pt" font-weight="bold" color="{$kleur}" space-after="3mm">
            <xsl:text>Alle gegevens van </xsl:text><xsl:value-of select="leerling/@naam"/>
          </fo:block>
          <fo:block space-after="2mm">
            <xsl:text>Dit is alles wat het Digitaal Doorstroomdossier van </xsl:text>
            <xsl:value-of select="school/@naam"/>
            <xsl:text> over deze leerling bewaart</xsl:text>
            <xsl:if test="@voor = 'leerling'">, zoals de leerling het nu mag zien (deel B zodra de mentor het heeft opgestuurd)</xsl:if>
            <xsl:text>. Gemaakt op </xsl:text>
            <xsl:call-template name="datum"><xsl:with-param name="d" select="@gemaakt"/></xsl:call-template>
            <xsl:text> door </xsl:text><xsl:value-of select="@door"/><xsl:text>.</xsl:text>
          </fo:block>
          <fo:block space-after="4mm" font-size="9pt" color="#444444">
            Van eerdere versies van een dossier bewaart het systeem geen antwoorden: alleen de huidige antwoorden,
            het verloop (met het versienummer van elke gebeurtenis) en de opgeslagen PDF's (per soort de laatst gemaakte,
            en de definitieve), die als bestanden in deze zip staan, net als de bijlagen. Van een gekoppeld BSN staan
            hier alleen de laatste drie cijfers, van mails onderwerp, datum en ontvanger. Hetzelfde staat in het
            XML-bestand in de zip, voor een computer.
          </fo:block>
          <xsl:apply-templates select="leerling" mode="inzage"/>
          <xsl:apply-templates select="dossier" mode="inzage"/>
          <xsl:call-template name="mails"/>
          <xsl:call-template name="toegang"/>
          <xsl:call-template name="handelingen"/>
          <fo:block id="einde"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <xsl:template name="kop">
    <xsl:param name="t"/>
    <fo:block role="H2" font-size="14pt" font-weight="bold" color="{$kleur}" space-before="6mm"
        space-after="2mm" keep-with-next.within-page="always"><xsl:value-of select="$t"/></fo:block>
  </xsl:template>

  <xsl:template name="tijd">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="string($d) = ''">–</xsl:when>
      <xsl:otherwise><xsl:call-template name="datum"><xsl:with-param name="d" select="$d"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="leerling" mode="inzage">
    <xsl:call-template name="kop"><xsl:with-param name="t">Account</xsl:with-param></xsl:call-template>
    <fo:table table-layout="fixed" width="100%" font-size="9.5pt">
      <fo:table-column column-width="50mm"/>
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-body>
        <xsl:call-template name="regel"><xsl:with-param name="k">Naam</xsl:with-param><xsl:with-param name="v" select="@naam"/></xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">Leerlingnummer</xsl:with-param><xsl:with-param name="v" select="@leerlingnummer"/></xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Geboortedatum</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="tijd"><xsl:with-param name="d" select="@geboortedatum"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">Klas, leerjaar</xsl:with-param><xsl:with-param name="v" select="concat(@klas, ', ', @leerjaar)"/></xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">E-mailadres</xsl:with-param><xsl:with-param name="v" select="@email"/></xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">BSN</xsl:with-param>
          <xsl:with-param name="v">
            <xsl:choose>
              <xsl:when test="bsn/@gekoppeld = '1'">gekoppeld (eindigt op <xsl:value-of select="bsn/@laatste"/>)</xsl:when>
              <xsl:otherwise>niet gekoppeld</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Account aangemaakt</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="tijd"><xsl:with-param name="d" select="@aangemaakt"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Laatst gewijzigd</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="tijd"><xsl:with-param name="d" select="@gewijzigd"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Account geactiveerd</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="tijd"><xsl:with-param name="d" select="@geactiveerd"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">DDD geactiveerd</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="tijd"><xsl:with-param name="d" select="@ddd-geactiveerd"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Wachtwoord</xsl:with-param>
          <xsl:with-param name="v"><xsl:choose><xsl:when test="@wachtwoord = '1'">ingesteld (het systeem bewaart alleen een hash)</xsl:when><xsl:otherwise>niet ingesteld</xsl:otherwise></xsl:choose></xsl:with-param>
        </xsl:call-template>
        <xsl:for-each select="sessie">
          <xsl:call-template name="regel">
            <xsl:with-param name="k">Ingelogd</xsl:with-param>
            <xsl:with-param name="v">
              <xsl:call-template name="datum"><xsl:with-param name="d" select="@aangemaakt"/></xsl:call-template>
              <xsl:text>, laatst actief </xsl:text>
              <xsl:call-template name="datum"><xsl:with-param name="d" select="@laatst"/></xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:for-each select="activeringslink">
          <xsl:call-template name="regel">
            <xsl:with-param name="k">Activeringslink</xsl:with-param>
            <xsl:with-param name="v">
              <xsl:call-template name="datum"><xsl:with-param name="d" select="@aangemaakt"/></xsl:call-template>
              <xsl:choose>
                <xsl:when test="@gebruikt != ''">, gebruikt <xsl:call-template name="datum"><xsl:with-param name="d" select="@gebruikt"/></xsl:call-template></xsl:when>
                <xsl:otherwise>, niet gebruikt</xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:for-each select="schoolaccount">
          <xsl:call-template name="regel">
            <xsl:with-param name="k">Inloggen via de school</xsl:with-param>
            <xsl:with-param name="v">
              <xsl:text>gekoppeld </xsl:text>
              <xsl:call-template name="datum"><xsl:with-param name="d" select="@gekoppeld"/></xsl:call-template>
              <xsl:text> aan het account '</xsl:text><xsl:value-of select="@kenmerk"/>
              <xsl:text>' bij </xsl:text><xsl:value-of select="@uitgever"/>
              <xsl:if test="@laatst != ''">
                <xsl:text>, laatst ingelogd </xsl:text>
                <xsl:call-template name="datum"><xsl:with-param name="d" select="@laatst"/></xsl:call-template>
              </xsl:if>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template match="dossier" mode="inzage">
    <fo:block role="H2" font-size="15pt" font-weight="bold" color="{$kleur}" space-before="8mm"
        space-after="2mm" keep-with-next.within-page="always" border-top="1pt solid {$kleur}" padding-top="2mm">
      <xsl:text>Dossier </xsl:text><xsl:value-of select="@id"/>
    </fo:block>
    <fo:table table-layout="fixed" width="100%" font-size="9.5pt" space-after="2mm">
      <fo:table-column column-width="50mm"/>
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-body>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Fase</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="@fase"/></xsl:call-template><xsl:if test="@gearchiveerd = '1'"> (gearchiveerd)</xsl:if></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">Versie</xsl:with-param><xsl:with-param name="v" select="@versie"/></xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Aangemaakt, gewijzigd</xsl:with-param>
          <xsl:with-param name="v">
            <xsl:call-template name="datum"><xsl:with-param name="d" select="@aangemaakt"/></xsl:call-template>
            <xsl:text>, </xsl:text>
            <xsl:call-template name="datum"><xsl:with-param name="d" select="@gewijzigd"/></xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">Mentor</xsl:with-param><xsl:with-param name="v" select="@mentor"/></xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">Mbo-school</xsl:with-param><xsl:with-param name="v" select="@mbo"/></xsl:call-template>
        <xsl:for-each select="mbo-status">
          <xsl:call-template name="regel">
            <xsl:with-param name="k">Stand bij de mbo-school</xsl:with-param>
            <xsl:with-param name="v"><xsl:call-template name="mbo-status-naam"><xsl:with-param name="status" select="@waarde"/></xsl:call-template><xsl:if test="@reden != ''"> – <xsl:value-of select="@reden"/></xsl:if></xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
    <xsl:apply-templates select="overzicht/form"/>
    <xsl:apply-templates select="overzicht/akkoordverklaring"/>
    <xsl:apply-templates select="verloop"/>
    <xsl:if test="document">
      <xsl:call-template name="kop"><xsl:with-param name="t">Opgeslagen PDF's (in de zip)</xsl:with-param></xsl:call-template>
      <xsl:for-each select="document">
        <fo:block font-size="9pt"><xsl:value-of select="@bestand"/>, versie <xsl:value-of select="@versie"/><xsl:if test="@definitief = '1'">, definitief</xsl:if>, gemaakt <xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></fo:block>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="herinnering or melding">
      <xsl:call-template name="kop"><xsl:with-param name="t">Herinneringen en meldingen</xsl:with-param></xsl:call-template>
      <xsl:for-each select="herinnering">
        <fo:block font-size="9pt">Herinnering voor <xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="@fase"/></xsl:call-template> (uiterlijk <xsl:call-template name="datum"><xsl:with-param name="d" select="@deadline"/></xsl:call-template>), verstuurd <xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></fo:block>
      </xsl:for-each>
      <xsl:for-each select="melding">
        <fo:block font-size="9pt">Melding aan <xsl:value-of select="@mbo"/> dat het dossier klaarstaat: <xsl:call-template name="tijd"><xsl:with-param name="d" select="@verstuurd"/></xsl:call-template></fo:block>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- The whole history, saved steps too. -->
  <xsl:template match="verloop">
    <xsl:call-template name="kop"><xsl:with-param name="t">Verloop</xsl:with-param></xsl:call-template>
    <fo:table table-layout="fixed" width="100%" font-size="8.5pt">
      <fo:table-column column-width="30mm"/>
      <fo:table-column column-width="proportional-column-width(2)"/>
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="14mm"/>
      <fo:table-body>
        <xsl:for-each select="gebeurtenis">
          <fo:table-row>
            <fo:table-cell padding="0.4mm 0"><fo:block><xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></fo:block></fo:table-cell>
            <fo:table-cell padding="0.4mm 1mm 0.4mm 0"><fo:block><xsl:call-template name="gebeurtenis-naam"/><xsl:if test=". != ''"> – <xsl:value-of select="."/></xsl:if></fo:block></fo:table-cell>
            <fo:table-cell padding="0.4mm 0"><fo:block><xsl:value-of select="@door"/></fo:block></fo:table-cell>
            <fo:table-cell padding="0.4mm 0"><fo:block text-align="end"><xsl:value-of select="@versie"/></fo:block></fo:table-cell>
          </fo:table-row>
        </xsl:for-each>
        <xsl:if test="not(gebeurtenis)">
          <fo:table-row><fo:table-cell number-columns-spanned="4"><fo:block>Nog geen gebeurtenissen.</fo:block></fo:table-cell></fo:table-row>
        </xsl:if>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template name="mails">
    <xsl:call-template name="kop"><xsl:with-param name="t">Mails</xsl:with-param></xsl:call-template>
    <xsl:if test="not(mails/mail)"><fo:block>Geen mails.</fo:block></xsl:if>
    <xsl:for-each select="mails/mail">
      <fo:block font-size="9pt" space-after="1mm" keep-together.within-page="always">
        <fo:inline font-weight="bold"><xsl:value-of select="."/></fo:inline>
        <xsl:text>, aan </xsl:text><xsl:value-of select="@aan"/>
        <xsl:if test="@medewerker = '1'"> (een medewerker van de school; de mail noemt de leerling)</xsl:if>
        <xsl:text>, aangemaakt </xsl:text><xsl:call-template name="datum"><xsl:with-param name="d" select="@aangemaakt"/></xsl:call-template>
        <xsl:choose>
          <xsl:when test="@verstuurd != ''">, verstuurd <xsl:call-template name="datum"><xsl:with-param name="d" select="@verstuurd"/></xsl:call-template></xsl:when>
          <xsl:otherwise>, niet verstuurd (<xsl:value-of select="@status"/>)</xsl:otherwise>
        </xsl:choose>
      </fo:block>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="toegang">
    <xsl:call-template name="kop"><xsl:with-param name="t">Wie de dossiers heeft bekeken of gedownload</xsl:with-param></xsl:call-template>
    <xsl:if test="not(toegang/inzage)"><fo:block>Niemand van de school of een mbo-school.</fo:block></xsl:if>
    <xsl:for-each select="toegang/inzage">
      <fo:block font-size="9pt">
        <xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template>
        <xsl:text>: </xsl:text><xsl:value-of select="@wie"/><xsl:text> (</xsl:text><xsl:value-of select="@organisatie"/><xsl:text>), </xsl:text>
        <xsl:choose>
          <xsl:when test="@wat = 'bekeken'">bekeken</xsl:when>
          <xsl:when test="@wat = 'bsn'">het BSN gezien</xsl:when>
          <xsl:when test="@wat = 'export'">in een inzage-export gedownload</xsl:when>
          <xsl:otherwise><xsl:value-of select="@wat"/> gedownload</xsl:otherwise>
        </xsl:choose>
        <xsl:text>, dossier </xsl:text><xsl:value-of select="@dossier"/>
      </fo:block>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="handelingen">
    <xsl:call-template name="kop"><xsl:with-param name="t">Wat de school voor of over de leerling deed (logboek)</xsl:with-param></xsl:call-template>
    <xsl:if test="not(handelingen/handeling)"><fo:block>Niets.</fo:block></xsl:if>
    <xsl:for-each select="handelingen/handeling">
      <fo:block font-size="9pt">
        <xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template>
        <xsl:text>: </xsl:text><xsl:value-of select="@wie"/><xsl:text>, </xsl:text>
        <xsl:call-template name="soort-naam"/>
        <xsl:if test=". != ''"> – <xsl:value-of select="."/></xsl:if>
        <xsl:if test="@dossier != '0'"> (dossier <xsl:value-of select="@dossier"/>)</xsl:if>
      </fo:block>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
