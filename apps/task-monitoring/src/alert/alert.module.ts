import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { WebhookModule } from '../webhook/webhook.module';
import { AlertController } from './alert.controller';
import { AlertGauges } from './alert.gauges';
import { AlertLifecycle } from './alert.lifecycle';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';

@Module({
  imports: [OutboxModule, WebhookModule],
  controllers: [AlertController],
  providers: [AlertRepository, AlertLifecycle, AlertService, AlertGauges],
  exports: [AlertRepository, AlertLifecycle],
})
export class AlertModule {}
