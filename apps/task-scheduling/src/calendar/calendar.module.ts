import { Module } from '@nestjs/common';
import { SharedModule } from '../common/shared.module';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({ imports: [SharedModule], controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
