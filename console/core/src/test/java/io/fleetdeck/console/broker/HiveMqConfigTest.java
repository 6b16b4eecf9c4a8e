package io.fleetdeck.console.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import static org.assertj.core.api.Assertions.assertThat;

class HiveMqConfigTest {
    @TempDir
    Path dir;

    /**
     * HiveMQ binds 0.0.0.0:1883 when it finds no listener, so a config it cannot read is a network-safety problem,
     * not only a start-up one: validate against the schema shipped in the HiveMQ jar.
     */
    @Test
    void rendersAConfigurationThatHiveMqsSchemaAccepts() throws SAXException, IOException {
        URL xsd = getClass().getClassLoader().getResource("config.xsd");
        assertThat(xsd).as("config.xsd in the HiveMQ jar").isNotNull();
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);

        String xml = HiveMqConfig.render(BrokerSettings.loopback(dir), "127.0.0.1", 41883);

        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void listensOnlyWhereAskedWithStatisticsOffAndFleetSizedLimits() {
        String xml = HiveMqConfig.render(BrokerSettings.loopback(dir), "127.0.0.1", 41883);

        assertThat(xml).containsOnlyOnce("<tcp-listener>")
                .contains("<port>41883</port>", "<bind-address>127.0.0.1</bind-address>")
                .containsPattern("<anonymous-usage-statistics>\\s*<enabled>false</enabled>")
                .contains("<mode>in-memory</mode>")
                .contains("<server-receive-maximum>1000</server-receive-maximum>")
                .contains("<max-queue-size>100000</max-queue-size>")
                .contains("<max-packet-size>1048576</max-packet-size>")
                .contains("<max-keep-alive>300</max-keep-alive>");
    }

    @Test
    void capsConnectionsClientIdsAndSocketsThatNeverSendConnect() {
        String xml = HiveMqConfig.render(BrokerSettings.loopback(dir), "127.0.0.1", 41883);

        assertThat(xml).containsPattern("<restrictions>\\s*<max-connections>8192</max-connections>")
                .contains("<max-client-id-length>64</max-client-id-length>")
                .contains("<no-connect-idle-timeout>10000</no-connect-idle-timeout>")
                .contains("<incoming-bandwidth-throttling>0</incoming-bandwidth-throttling>");
    }

    @Test
    void writesConfigXmlIntoTheGivenFolder() throws IOException {
        Path file = HiveMqConfig.write(dir.resolve("broker/conf"), BrokerSettings.loopback(dir), "127.0.0.1", 1883);

        assertThat(file).isEqualTo(dir.resolve("broker/conf/config.xml")).content().contains("<port>1883</port>");
    }
}
