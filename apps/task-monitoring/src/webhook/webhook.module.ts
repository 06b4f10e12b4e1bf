import { Module } from '@nestjs/common';
import { PrometheusModule } from '../prometheus/prometheus.module';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook.dispatcher';

@Module({
  imports: [PrometheusModule],
  providers: [WebhookDeliveryRepository, WebhookDispatcher],
  exports: [WebhookDeliveryRepository, WebhookDispatcher],
})
export class WebhookModule {}
