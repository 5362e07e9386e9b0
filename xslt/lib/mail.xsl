<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared parts of every mail (xslt/mail-<kind>.xsl for the text part,
     xslt/mail-<kind>-html.xsl for the HTML part).  The sender
     (fcgi/mailer.c) renders the outbox row's <mail kind="..."> document
     and passes the parameters below from the tenant file.  Mails speak
     Dutch, "je" as on the site; never a BSN (the sender refuses one). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="tekst.xsl"/>

  <!-- From the tenant file: branding/colours/@primary (checked #rrggbb),
       mail/@name, the tenant's name. -->
  <xsl:param name="accent" select="'#1d4e89'"/>
  <xsl:param name="sender-name" select="''"/>
  <xsl:param name="tenant-name" select="''"/>

  <!-- "binnen 7 dagen" / "binnen een dag" / "vandaag nog" from <days n=""/>. -->
  <xsl:template name="within-days">
    <xsl:param name="n" select="number(/mail/days/@n)"/>
    <xsl:choose>
      <xsl:when test="$n &gt;= 2">binnen <xsl:call-template name="aantal"><xsl:with-param name="n" select="$n"/><xsl:with-param name="een">dag</xsl:with-param><xsl:with-param name="meer">dagen</xsl:with-param></xsl:call-template></xsl:when>
      <xsl:when test="$n = 1">binnen een dag</xsl:when>
      <xsl:otherwise>vandaag nog</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The signature: the school's name as the body gives it, else the
       tenant's. -->
  <xsl:template name="school-name">
    <xsl:choose>
      <xsl:when test="normalize-space(/mail/school) != ''">
        <xsl:value-of select="normalize-space(/mail/school)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$tenant-name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Only web links become links (never javascript: and the like). -->
  <xsl:template name="safe-link">
    <xsl:param name="href"/>
    <xsl:if test="starts-with($href, 'https://') or starts-with($href, 'http://')">
      <xsl:value-of select="$href"/>
    </xsl:if>
  </xsl:template>

  <!-- Plain text footer. -->
  <xsl:template name="text-footer">
    <xsl:text>&#10;-- &#10;Deze e-mail is automatisch verstuurd door het Digitaal&#10;</xsl:text>
    <xsl:text>Doorstroomdossier van </xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>.&#10;</xsl:text>
  </xsl:template>

  <!-- HTML shell: one centred column, inline styles (mail programs drop
       <style> blocks), readable without images or colour.  The page
       stylesheet provides templates in mode "mail-title" and
       "mail-html". -->
  <xsl:template name="html-mail">
    <html lang="nl">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:apply-templates select="/mail" mode="mail-title"/></title>
      </head>
      <body style="margin:0;padding:0;background:#f4f4f4;">
        <div style="max-width:36rem;margin:0 auto;padding:1rem;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;">
          <p style="margin:0 0 1rem;padding:.5rem .75rem;background:{$accent};color:#ffffff;font-weight:bold;">Digitaal Doorstroomdossier</p>
          <xsl:apply-templates select="/mail" mode="mail-html"/>
          <p style="margin:2rem 0 0;border-top:1px solid #c8c8c8;padding-top:.5rem;font-size:13px;color:#595959;">Deze e-mail is automatisch verstuurd door het Digitaal Doorstroomdossier van <xsl:call-template name="school-name"/>.</p>
        </div>
      </body>
    </html>
  </xsl:template>

  <!-- A link as a big button, with the address written out below it for
       mail programs that do not show links. -->
  <xsl:template name="html-button">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <xsl:variable name="safe">
      <xsl:call-template name="safe-link"><xsl:with-param name="href" select="$href"/></xsl:call-template>
    </xsl:variable>
    <xsl:if test="$safe != ''">
      <p style="margin:1.5rem 0;">
        <a href="{$safe}" style="display:inline-block;padding:.75rem 1.25rem;background:{$accent};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px;"><xsl:value-of select="$label"/></a>
      </p>
      <p style="font-size:13px;color:#595959;">Werkt de knop niet? Kopieer dan deze link naar je browser:<br/>
        <a href="{$safe}" style="color:#1b1b1b;word-break:break-all;"><xsl:value-of select="$safe"/></a></p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
