<?xml version="1.0" encoding="UTF-8"?>
<!-- The audit trail's actions (audit_log.action, fcgi/audit.c) in words,
     for the logboek page and the inzage export's PDF. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="soort-naam">
    <xsl:param name="s" select="@wat"/>
    <xsl:choose>
      <xsl:when test="$s = 'leerlingen_ingelezen'">leerlinglijst ingelezen</xsl:when>
      <xsl:when test="$s = 'account_aangemaakt'">account aangemaakt</xsl:when>
      <xsl:when test="$s = 'klaskoppeling'">klaskoppeling gewijzigd</xsl:when>
      <xsl:when test="$s = 'accountgegevens_gemaild'">accountgegevens gemaild</xsl:when>
      <xsl:when test="$s = 'accountgegevens_geprint'">accountgegevens geprint</xsl:when>
      <xsl:when test="$s = 'wachtwoord_gezet'">wachtwoord ingesteld</xsl:when>
      <xsl:when test="$s = 'mail_opnieuw'">mail opnieuw verstuurd</xsl:when>
      <xsl:when test="$s = 'dossier_gearchiveerd'">dossier gearchiveerd</xsl:when>
      <xsl:when test="$s = 'dossier_teruggezet'">dossier teruggezet</xsl:when>
      <xsl:when test="$s = 'inzage_export'">inzage-export gemaakt</xsl:when>
      <xsl:when test="$s = 'leerling_verwijderd'">leerling verwijderd</xsl:when>
      <xsl:when test="$s = 'schoolbestand_geladen'">schoolbestand geladen</xsl:when>
      <xsl:when test="$s = 'sso_ontkoppeld'">inloggen via de school ontkoppeld</xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
